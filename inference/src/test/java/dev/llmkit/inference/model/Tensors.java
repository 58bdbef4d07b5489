package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;

/** Comparisons of arrays against reference values, with the worst deviation in the message. */
final class Tensors {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Tensors.class);

  private Tensors() {}

  /** Max |a - b| over (B, T, C) restricted to the first {@code lengths[b]} positions. */
  static void assertClose(NDArray actual, float[][][] expected, int[] lengths, double tol) {
    long[] s = actual.getShape().getShape();
    float[] a = actual.toFloatArray();
    double worst = 0;
    String where = "";
    for (int b = 0; b < expected.length; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        for (int c = 0; c < expected[b][t].length; c++) {
          double d = Math.abs(a[(int) ((b * s[1] + t) * s[2] + c)] - expected[b][t][c]);
          if (d > worst || Double.isNaN(d)) {
            worst = d;
            where = "[" + b + "," + t + "," + c + "]";
          }
        }
      }
    }
    LOG.info("max |actual - reference| = {} at {}", worst, where);
    assertThat(worst).as("max abs difference at %s", where).isLessThanOrEqualTo(tol);
  }

  /** Max |a - b| over (B, T) restricted to valid positions. */
  static void assertClose(NDArray actual, float[][] expected, int[] lengths, double tol) {
    long[] s = actual.getShape().getShape();
    float[] a = actual.toFloatArray();
    double worst = 0;
    for (int b = 0; b < expected.length; b++) {
      for (int t = 0; t < lengths[b]; t++) {
        worst = Math.max(worst, Math.abs(a[(int) (b * s[1] + t)] - expected[b][t]));
      }
    }
    LOG.info("max |actual - reference| = {}", worst);
    assertThat(worst).as("max abs difference").isLessThanOrEqualTo(tol);
  }

  static int[] fullLengths(float[][][] expected) {
    int[] lengths = new int[expected.length];
    java.util.Arrays.fill(lengths, expected[0].length);
    return lengths;
  }
}
