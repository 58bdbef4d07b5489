package dev.llmkit.inference.tfcheckpoint;

import java.util.Arrays;

/**
 * Where one tensor lives in a bundle's data file: TensorFlow's {@code BundleEntryProto} (<a
 * href="https://github.com/tensorflow/tensorflow/blob/v2.15.0/tensorflow/core/protobuf/tensor_bundle.proto">tensor_bundle.proto</a>).
 *
 * @param name the variable's name, for example {@code
 *     module/bert/encoder/layer_0/output/dense/kernel}
 * @param dtype TensorFlow's {@code DataType} enum value ({@link #DT_FLOAT} is the only one read)
 * @param shape dimensions, outermost first
 * @param shard index of the data file ({@code .data-0000N-of-...})
 * @param offset byte offset in that file
 * @param size byte length
 * @param crc32c the masked CRC-32C of the bytes, as TensorFlow stores it
 */
public record BundleEntry(
    String name, int dtype, long[] shape, int shard, long offset, long size, int crc32c) {

  /** {@code DT_FLOAT}: little-endian IEEE float32. */
  public static final int DT_FLOAT = 1;

  /** Copies the shape. */
  public BundleEntry {
    shape = shape.clone();
  }

  /** The dimensions (a copy). */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BundleEntry e
        && name.equals(e.name)
        && dtype == e.dtype
        && Arrays.equals(shape, e.shape)
        && shard == e.shard
        && offset == e.offset
        && size == e.size
        && crc32c == e.crc32c;
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name
        + " dtype="
        + dtype
        + " shape="
        + Arrays.toString(shape)
        + " @"
        + offset
        + "+"
        + size;
  }
}
