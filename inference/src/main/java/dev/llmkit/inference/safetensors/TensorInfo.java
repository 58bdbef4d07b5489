package dev.llmkit.inference.safetensors;

import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * One tensor entry of a safetensors header.
 *
 * @param name tensor name as stored (e.g. {@code bert.encoder.layer.0.output.dense.weight})
 * @param dtype element type on disk
 * @param shape dimensions; empty for a scalar
 * @param begin start offset of the data, relative to the start of the data section
 * @param end end offset (exclusive), relative to the start of the data section
 */
public record TensorInfo(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {

  /** Defensive copy: records are values. */
  public TensorInfo {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  /** The shape as a DJL {@link Shape}. */
  public Shape djlShape() {
    return new Shape(shape);
  }

  /** Number of elements (1 for a scalar). */
  public long elementCount() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Size of the data in bytes. */
  public long byteLength() {
    return end - begin;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorInfo t
        && name.equals(t.name)
        && dtype == t.dtype
        && Arrays.equals(shape, t.shape)
        && begin == t.begin
        && end == t.end;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * name.hashCode() + dtype.hashCode()) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + " " + dtype + Arrays.toString(shape) + " [" + begin + ", " + end + ")";
  }
}
