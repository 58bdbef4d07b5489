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

/**
 * The bundled GPT-2 decodes greedily to the same tokens with the float16 head as in float32: the
 * speed-up of {@link Gpt2Model#nextTokenLogits} changes no choice on real text.
 */
class Gpt2Float16HeadIT {

  private static final List<String> PROMPTS =
      List.of(
          "It was a dark and stormy night.",
          "Mr. Darcy had not been in the room five minutes before",
          "The ship left the harbour at dawn, and");

  @TempDir Path cache;

  @Test
  void greedyDecodingWithTheFloat16HeadPicksTheFloat32Tokens() {
    Path dir = DefaultModels.builder().cacheRoot(cache).build().directory(DefaultTask.GENERATION);
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        NDManager base = NDManager.newBaseManager();
        Gpt2Model model = Gpt2Model.load(dir, base)) {
      for (String prompt : PROMPTS) {
        long[] ids = tokenizer.encode(prompt).ids();
        long[] half = greedy(model.float16Head(true), ids, 40);
        long[] full = greedy(model.float16Head(false), ids, 40);
        assertThat(half).as(prompt).containsExactly(full);
      }
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
