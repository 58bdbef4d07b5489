package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bundled GPT-2 decodes greedily to the same tokens with float16 weights as in float32: the
 * speed-up of {@link Gpt2Model#nextTokenLogits} changes no choice on real text.
 */
class Gpt2Float16DecodingIT {

  private static final Logger LOG = LoggerFactory.getLogger(Gpt2Float16DecodingIT.class);

  private static final List<String> PROMPTS =
      List.of(
          "It was a dark and stormy night.",
          "Mr. Darcy had not been in the room five minutes before",
          "The ship left the harbour at dawn, and");

  @TempDir Path cache;

  @Test
  void greedyDecodingInFloat16DepartsFromFloat32OnlyAtANearTie() {
    Path dir = DefaultModels.builder().cacheRoot(cache).build().directory(DefaultTask.GENERATION);
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        NDManager base = NDManager.newBaseManager();
        Gpt2Model model = Gpt2Model.load(dir, base)) {
      for (String prompt : PROMPTS) {
        long[] ids = tokenizer.encode(prompt).ids();
        long[] half = greedy(model.float16Decoding(true), ids, 40);
        long[] full = greedy(model.float16Decoding(false), ids, 40);
        int split = 0;
        while (split < full.length && half[split] == full[split]) {
          split++;
        }
        if (split < full.length) {
          // Rounding may only flip a near tie: at the first differing step, float32 itself must
          // rate float16's pick within a hair of its own.
          long[] prefix = Arrays.copyOf(ids, ids.length + split);
          System.arraycopy(full, 0, prefix, ids.length, split);
          float[] logits = lastLogits(model.float16Decoding(false), prefix);
          float gap = logits[(int) full[split]] - logits[(int) half[split]];
          LOG.info("{}: float16 departs at step {} on a float32 gap of {}", prompt, split, gap);
          assertThat(gap).as("%s, step %d", prompt, split).isBetween(0f, 0.05f);
        }
      }
    }
  }

  @Test
  void perplexityThroughFloat16DecodingStepsIsThatOfFloat32() {
    String text =
        "The evening was cold, and the wind came down from the hills with a sound like the sea."
            + " She drew her shawl closer about her shoulders and walked on towards the village,"
            + " where a few lights were already burning in the windows of the cottages. At the"
            + " gate of the churchyard she stopped, for she thought she heard her name, but there"
            + " was nobody there, and after a moment she went on again, more quickly than before.";
    Path dir = DefaultModels.builder().cacheRoot(cache).build().directory(DefaultTask.GENERATION);
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        NDManager base = NDManager.newBaseManager();
        Gpt2Model model = Gpt2Model.load(dir, base)) {
      long[] ids = tokenizer.encode(text).ids();
      double half = perplexity(model.float16Decoding(true), ids);
      double full = perplexity(model.float16Decoding(false), ids);
      LOG.info(
          "perplexity over {} tokens: float16 decoding {}, float32 {}", ids.length, half, full);
      assertThat(half / full)
          .as("float16 %.4f vs float32 %.4f", half, full)
          .isBetween(0.998, 1.002);
    }
  }

  /** Teacher-forced, one token a step through the cache: exp of the mean -log p(next). */
  private static double perplexity(Gpt2Model model, long[] ids) {
    double nll = 0;
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, ids.length);
      for (int i = 0; i + 1 < ids.length; i++) {
        try (NDManager step = request.newSubManager()) {
          NDArray input = step.create(new long[] {ids[i]}, new Shape(1, 1));
          float[] logits = model.nextTokenLogits(input, cache).toFloatArray();
          double max = Double.NEGATIVE_INFINITY;
          for (float v : logits) {
            max = Math.max(max, v);
          }
          double sum = 0;
          for (float v : logits) {
            sum += Math.exp(v - max);
          }
          nll -= logits[(int) ids[i + 1]] - max - Math.log(sum);
        }
      }
    }
    return Math.exp(nll / (ids.length - 1));
  }

  /** Float32 logits after {@code ids}, all in one pass (no decoding steps). */
  private static float[] lastLogits(Gpt2Model model, long[] ids) {
    try (NDManager request = model.manager().newSubManager()) {
      NDArray input = request.create(ids, new Shape(1, ids.length));
      return model.logits(input, null).get(0).get(ids.length - 1).toFloatArray();
    }
  }

  private static long[] greedy(Gpt2Model model, long[] prompt, int steps) {
    long[] out = new long[steps];
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, prompt.length + steps);
      long[] next = prompt;
      for (int i = 0; i < steps; i++) {
        try (NDManager step = request.newSubManager()) {
          NDArray logits =
              model.nextTokenLogits(step.create(next, new Shape(1, next.length)), cache);
          out[i] = logits.argMax(1).getLong();
        }
        next = new long[] {out[i]};
      }
    }
    return Arrays.copyOf(out, steps);
  }
}
