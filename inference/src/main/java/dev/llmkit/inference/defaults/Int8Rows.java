package dev.llmkit.inference.defaults;

/**
 * Symmetric int8 with one scale per row, the scheme {@code scripts/bundle_default_model.py --int8}
 * stores large bundle tensors in: for a row {@code w} of a 2-D tensor, {@code s = max|w| / 127}
 * ({@code s = 1} for an all-zero row) and {@code q = clamp(round(w / s), -127, 127)}, so {@code
 * q·s} is within {@code s/2} of {@code w}. This class only goes back: {@code w ≈ q·s}.
 */
final class Int8Rows {

  private Int8Rows() {}

  /**
   * Dequantizes a row-major {@code (rows, cols)} int8 tensor: {@code w[r][c] = q[r][c] · s[r]},
   * computed in float32 (the same product numpy gives for {@code q.astype(float32) * s}).
   *
   * @param q the stored values, {@code rows × cols} of them
   * @param scales one per row, finite and positive
   * @return {@code rows × cols} float32 values
   * @throws IllegalArgumentException when the sizes disagree or a scale is not finite and positive
   */
  static float[] dequantize(byte[] q, float[] scales, int rows, int cols) {
    if (scales.length != rows) {
      throw new IllegalArgumentException(
          "need one scale per row: " + rows + " rows, " + scales.length + " scales");
    }
    if ((long) rows * cols != q.length) {
      throw new IllegalArgumentException(
          "shape ("
              + rows
              + ", "
              + cols
              + ") needs "
              + (long) rows * cols
              + " values, got "
              + q.length);
    }
    float[] w = new float[q.length];
    for (int r = 0; r < rows; r++) {
      float s = scales[r];
      if (!(s > 0 && Float.isFinite(s))) { // also refuses NaN
        throw new IllegalArgumentException("scale of row " + r + " is " + s + ", must be > 0");
      }
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        w[base + c] = q[base + c] * s;
      }
    }
    return w;
  }
}
