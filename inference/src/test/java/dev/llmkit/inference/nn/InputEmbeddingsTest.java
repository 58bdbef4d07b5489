package dev.llmkit.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/**
 * Both paths of {@link InputEmbeddings} against the sums and LayerNorm computed here in plain Java.
 */
class InputEmbeddingsTest {

  private static final int C = 3;
  private static final float EPS = 1e-5f;
  private static final float[][] WORD = {{0, 0, 0}, {1, 2, 3}, {-1, 0.5f, 2}, {4, -2, 0}};
  private static final float[][] POSITION = {{0.1f, 0.2f, 0.3f}, {1, 0, -1}, {0, 3, 0}};
  private static final float[][] TYPE = {{0.5f, 0.5f, -1}, {2, 0, 0}};
  private static final float[] GAMMA = {1, 2, 0.5f};
  private static final float[] BETA = {0, -1, 1};

  @Test
  void oneCallAndSeparateCallsSumTheTablesThenNormalize() {
    try (NDManager m = NDManager.newBaseManager()) {
      InputEmbeddings embeddings = embeddings(m, true);
      NDArray ids = m.create(new long[] {1, 3, 2, 2, 0, 1}, new Shape(2, 3));
      NDArray types = m.create(new long[] {0, 0, 1, 1, 1, 0}, new Shape(2, 3));
      NDArray positions = m.create(new long[] {2, 1, 0}); // (T), as RoBERTa may pass them
      float[] expected = expected(new int[] {1, 3, 2, 2, 0, 1}, null, new int[] {0, 0, 1, 1, 1, 0});
      float[] reordered =
          expected(new int[] {1, 3, 2, 2, 0, 1}, new int[] {2, 1, 0}, new int[] {0, 0, 1, 1, 1, 0});
      float[] segmentZero = expected(new int[] {1, 3, 2, 2, 0, 1}, null, new int[6]);
      assertBothPaths(embeddings, ids, null, types, expected);
      assertBothPaths(embeddings, ids, positions, types, reordered);
      assertBothPaths(embeddings, ids, null, null, segmentZero);
    }
  }

  @Test
  void aModelWithoutSegmentsAddsNoTokenTypeRow() {
    try (NDManager m = NDManager.newBaseManager()) {
      InputEmbeddings embeddings = embeddings(m, false);
      NDArray ids = m.create(new long[] {3, 1}, new Shape(1, 2));
      NDArray types = m.create(new long[] {1, 1}, new Shape(1, 2)); // ignored
      assertBothPaths(embeddings, ids, null, types, expected(new int[] {3, 1}, null, null));
    }
  }

  private static void assertBothPaths(
      InputEmbeddings embeddings, NDArray ids, NDArray positions, NDArray types, float[] expected) {
    NDArray fused;
    try (NoGrad noGrad = NoGrad.enter()) {
      fused = embeddings.fused(ids, positions, types);
    }
    assertThat(fused).as("one call").isNotNull();
    assertThat(fused.getShape()).isEqualTo(ids.getShape().add(C));
    assertThat(fused.toFloatArray()).containsExactly(expected, within(1e-5f));
    assertThat(embeddings.separately(ids, positions, types).toFloatArray())
        .containsExactly(expected, within(1e-5f));
  }

  /** Rows of T tokens: word + position (+ segment), then LayerNorm, in double precision. */
  private static float[] expected(int[] ids, int[] positions, int[] types) {
    int t = positions != null ? positions.length : ids.length == 6 ? 3 : 2;
    float[] out = new float[ids.length * C];
    for (int i = 0; i < ids.length; i++) {
      double[] x = new double[C];
      for (int c = 0; c < C; c++) {
        int p = positions != null ? positions[i % t] : i % t;
        x[c] = WORD[ids[i]][c] + POSITION[p][c] + (types != null ? TYPE[types[i]][c] : 0);
      }
      double mean = (x[0] + x[1] + x[2]) / C;
      double var = 0;
      for (double v : x) {
        var += (v - mean) * (v - mean) / C;
      }
      for (int c = 0; c < C; c++) {
        out[i * C + c] = (float) ((x[c] - mean) / Math.sqrt(var + EPS) * GAMMA[c] + BETA[c]);
      }
    }
    return out;
  }

  private static InputEmbeddings embeddings(NDManager m, boolean segments) {
    return new InputEmbeddings(
        new Embedding(table(m, WORD)),
        new Embedding(table(m, POSITION)),
        segments ? new Embedding(table(m, TYPE)) : null,
        new LayerNorm(m.create(GAMMA), m.create(BETA), EPS));
  }

  private static NDArray table(NDManager m, float[][] rows) {
    return m.create(rows);
  }
}
