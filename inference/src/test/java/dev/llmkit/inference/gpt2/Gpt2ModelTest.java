package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.model.ModelInputException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Gpt2ModelTest {

  private static NDManager base;
  private static Gpt2Model model;

  @BeforeAll
  static void load() throws Exception {
    base = NDManager.newBaseManager();
    model = Gpt2Model.load(TinyGpt2.directory("tiny"), base);
  }

  @AfterAll
  static void close() {
    model.close();
    base.close();
  }

  @Test
  void logitsMatchTheTorchReference() {
    for (TinyGpt2.Case c : TinyGpt2.reference()) {
      float[][] logits = logits(model, c.inputIds());
      assertThat(logits.length).isEqualTo(c.logits().length);
      for (int t = 0; t < logits.length; t++) {
        assertThat(logits[t]).containsExactly(c.logits()[t], within(1e-4f));
      }
    }
  }

  @Test
  void checkpointWithoutTransformerPrefixAndWithMaskBuffersGivesTheSameLogits() throws Exception {
    try (Gpt2Model plain = Gpt2Model.load(TinyGpt2.directory("tiny-noprefix"), base)) {
      TinyGpt2.Case c = TinyGpt2.reference().get(0);
      float[][] logits = logits(plain, c.inputIds());
      for (int t = 0; t < logits.length; t++) {
        assertThat(logits[t]).containsExactly(c.logits()[t], within(1e-4f));
      }
    }
  }

  @Test
  void feedingTokensOneByOneThroughTheCacheGivesTheFullForwardLogits() {
    TinyGpt2.Case c = TinyGpt2.reference().get(1);
    long[] ids = c.inputIds();
    model.float16Decoding(false);
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, ids.length);
      for (int t = 0; t < ids.length; t++) {
        try (NDManager step = request.newSubManager()) {
          NDArray input = step.create(new long[] {ids[t]}, new Shape(1, 1));
          float[] last = model.nextTokenLogits(input, cache).toFloatArray();
          assertThat(last).containsExactly(c.logits()[t], within(1e-4f));
        }
      }
      assertThat(cache.length()).isEqualTo(ids.length);
    } finally {
      model.float16Decoding(Gpt2Model.FLOAT16_DECODING_DEFAULT);
    }
  }

  @Test
  void float16DecodingGivesTheReferenceLogitsToHalfPrecisionAndTheSameBestToken() {
    model.float16Decoding(true);
    for (TinyGpt2.Case c : TinyGpt2.reference()) {
      long[] ids = c.inputIds();
      try (NDManager request = model.manager().newSubManager()) {
        KvCache cache = model.newCache(request, 1, ids.length);
        for (int t = 0; t < ids.length; t++) {
          try (NDManager step = request.newSubManager()) {
            NDArray input = step.create(new long[] {ids[t]}, new Shape(1, 1));
            float[] last = model.nextTokenLogits(input, cache).toFloatArray();
            float[] expected = c.logits()[t];
            float scale = 0;
            for (float v : expected) {
              scale = Math.max(scale, Math.abs(v));
            }
            // float16 keeps 11 significant bits (2^-11 ≈ 5e-4 relative) at each projection's input
            // and weights; over the tiny model's 2 blocks the logits stay within 4e-3 of their
            // scale.
            assertThat(last).containsExactly(expected, within(4e-3f * scale));
            assertThat(argMax(last)).isEqualTo(argMax(expected));
          }
        }
      } finally {
        model.float16Decoding(Gpt2Model.FLOAT16_DECODING_DEFAULT);
      }
    }
  }

  private static int argMax(float[] values) {
    int best = 0;
    for (int i = 1; i < values.length; i++) {
      if (values[i] > values[best]) {
        best = i;
      }
    }
    return best;
  }

  @Test
  void aPaddedBatchGivesTheLogitsOfEachPromptAlone() {
    List<TinyGpt2.Case> cases = TinyGpt2.reference();
    long[] shortIds = cases.get(0).inputIds(); // 12 tokens
    long[] longIds = cases.get(1).inputIds(); // 19 tokens
    int width = longIds.length;
    int pad = width - shortIds.length;
    for (boolean left : new boolean[] {true, false}) {
      long[] ids = new long[2 * width];
      long[] mask = new long[2 * width];
      System.arraycopy(longIds, 0, ids, 0, width);
      Arrays.fill(mask, 0, width, 1);
      int offset = left ? pad : 0;
      System.arraycopy(shortIds, 0, ids, width + offset, shortIds.length);
      Arrays.fill(mask, width + offset, width + offset + shortIds.length, 1);
      try (NDManager request = model.manager().newSubManager()) {
        NDArray logits =
            model.logits(
                request.create(ids, new Shape(2, width)),
                request.create(mask, new Shape(2, width))); // (2, T, V)
        float[][] rows = split(logits.toFloatArray(), 2 * width);
        for (int t = 0; t < width; t++) {
          assertThat(rows[t]).containsExactly(cases.get(1).logits()[t], within(1e-4f));
        }
        for (int t = 0; t < shortIds.length; t++) {
          assertThat(rows[width + offset + t])
              .as("left=%s position %d", left, t)
              .containsExactly(cases.get(0).logits()[t], within(1e-4f));
        }
      }
    }
  }

  @Test
  void badInputsGiveClearErrors() {
    try (NDManager request = model.manager().newSubManager()) {
      NDArray outOfVocab = request.create(new long[] {1, 300}, new Shape(1, 2));
      assertThatThrownBy(() -> model.logits(outOfVocab, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("[0, 300)");
      NDArray tooLong = request.zeros(new Shape(1, 65), ai.djl.ndarray.types.DataType.INT64);
      assertThatThrownBy(() -> model.logits(tooLong, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("n_positions 64");
      NDArray ids = request.create(new long[] {1, 2}, new Shape(1, 2));
      NDArray badMask = request.create(new long[] {1, 1, 1}, new Shape(1, 3));
      assertThatThrownBy(() -> model.logits(ids, badMask))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("attention_mask");
      KvCache singleRow = model.newCache(request, 1, 8);
      NDArray twoRows = request.create(new long[] {1, 2}, new Shape(2, 1));
      assertThatThrownBy(() -> model.nextTokenLogits(twoRows, singleRow))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("KV cache holds 1 sequences");
      NDArray floats = request.create(new float[] {1, 2}, new Shape(1, 2));
      assertThatThrownBy(() -> model.logits(floats, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("int64");
    }
  }

  @Test
  void requestsLeaveNoArraysInTheModelsManager() {
    long[] ids = TinyGpt2.reference().get(0).inputIds();
    try (NDManager warm = model.manager().newSubManager()) {
      // The first decoding step makes the model's float16 copies, once.
      model.nextTokenLogits(warm.create(new long[] {ids[0]}, new Shape(1, 1)), null);
    }
    int before = model.manager().getManagedArrays().size();
    for (int i = 0; i < 50; i++) {
      try (NDManager request = model.manager().newSubManager()) {
        KvCache cache = model.newCache(request, 1, ids.length + 1);
        model.nextTokenLogits(request.create(ids, new Shape(1, ids.length)), cache);
        model.nextTokenLogits(request.create(new long[] {5}, new Shape(1, 1)), cache);
        model.logits(request.create(ids, new Shape(1, ids.length)), null);
      }
    }
    assertThat(model.manager().getManagedArrays()).hasSize(before);
  }

  @Test
  void decodeStepsInStepManagersLeaveOnlyTheCacheInTheRequestManager() {
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, 40);
      int cacheArrays = request.getManagedArrays().size();
      for (int i = 0; i < 40; i++) {
        try (NDManager step = request.newSubManager()) {
          model.nextTokenLogits(step.create(new long[] {i}, new Shape(1, 1)), cache);
        }
        assertThat(request.getManagedArrays()).hasSize(cacheArrays);
      }
      assertThat(cacheArrays).isEqualTo(2 * model.config().nLayer());
    }
  }

  static float[][] logits(Gpt2Model m, long[] ids) {
    try (NDManager request = m.manager().newSubManager()) {
      NDArray logits = m.logits(request.create(ids, new Shape(1, ids.length)), null);
      assertThat(logits.getShape()).isEqualTo(new Shape(1, ids.length, m.vocabSize()));
      return split(logits.toFloatArray(), ids.length);
    }
  }

  private static float[][] split(float[] flat, int rows) {
    int width = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }
}
