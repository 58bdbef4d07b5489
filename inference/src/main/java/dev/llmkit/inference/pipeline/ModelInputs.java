package dev.llmkit.inference.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.tokenization.Encoding;
import java.util.List;

/**
 * The three {@code (B, T)} int64 arrays an encoder takes, built from a batch of encodings padded on
 * the right to the longest one.
 *
 * @param inputIds {@code (B, T)} token ids, padding filled with the pad id
 * @param attentionMask {@code (B, T)} 1 for real tokens, 0 for padding
 * @param tokenTypeIds {@code (B, T)} segment ids, 0 on padding
 * @param lengths the unpadded length of each row
 */
public record ModelInputs(
    NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, int[] lengths) {

  /**
   * Pads {@code encodings} into arrays owned by {@code manager}.
   *
   * @param padId the id padding positions get; RoBERTa derives positions from it, so it must be the
   *     tokenizer's real pad id
   */
  public static ModelInputs of(NDManager manager, List<Encoding> encodings, long padId) {
    if (encodings.isEmpty()) {
      throw new IllegalArgumentException("empty batch");
    }
    int b = encodings.size();
    int t = encodings.stream().mapToInt(Encoding::length).max().orElseThrow();
    long[] ids = new long[b * t];
    long[] mask = new long[b * t];
    long[] types = new long[b * t];
    int[] lengths = new int[b];
    java.util.Arrays.fill(ids, padId);
    for (int row = 0; row < b; row++) {
      Encoding e = encodings.get(row);
      lengths[row] = e.length();
      System.arraycopy(e.ids(), 0, ids, row * t, e.length());
      System.arraycopy(e.attentionMask(), 0, mask, row * t, e.length());
      System.arraycopy(e.typeIds(), 0, types, row * t, e.length());
    }
    Shape shape = new Shape(b, t);
    return new ModelInputs(
        manager.create(ids, shape),
        manager.create(mask, shape),
        manager.create(types, shape),
        lengths);
  }

  /** Whether some row is shorter than the longest, and so padded. */
  public boolean padded() {
    long t = inputIds.getShape().get(1);
    for (int length : lengths) {
      if (length < t) {
        return true;
      }
    }
    return false;
  }

  /** Copies a {@code (B, T, L)} array into Java, one {@code (T_b, L)} block per row. */
  public float[][][] unpad3d(NDArray values) {
    long[] dims = values.getShape().getShape();
    if (dims.length != 3 || dims[0] != lengths.length) {
      throw new IllegalStateException(
          "expected (" + lengths.length + ", T, L) model output, got " + values.getShape());
    }
    int t = (int) dims[1];
    int l = (int) dims[2];
    float[] flat = toFloat(values);
    float[][][] out = new float[lengths.length][][];
    for (int row = 0; row < lengths.length; row++) {
      out[row] = new float[lengths[row]][];
      for (int i = 0; i < lengths[row]; i++) {
        int from = (row * t + i) * l;
        out[row][i] = java.util.Arrays.copyOfRange(flat, from, from + l);
      }
    }
    return out;
  }

  /** Copies a {@code (B, T)} array into Java, one unpadded row per encoding. */
  public float[][] unpad2d(NDArray values) {
    long[] dims = values.getShape().getShape();
    if (dims.length != 2 || dims[0] != lengths.length) {
      throw new IllegalStateException(
          "expected (" + lengths.length + ", T) model output, got " + values.getShape());
    }
    int t = (int) dims[1];
    float[] flat = toFloat(values);
    float[][] out = new float[lengths.length][];
    for (int row = 0; row < lengths.length; row++) {
      out[row] = java.util.Arrays.copyOfRange(flat, row * t, row * t + lengths[row]);
    }
    return out;
  }

  /** The values as float32 (fp16 outputs, e.g. on CUDA, are widened first). */
  public static float[] toFloat(NDArray values) {
    return values.getDataType() == DataType.FLOAT32
        ? values.toFloatArray()
        : values.toType(DataType.FLOAT32, false).toFloatArray();
  }
}
