package dev.llmkit.app.testing;

import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a tiny random GPT-2 (2 layers, width 16, context 32) with the real GPT-2 vocabulary into a
 * directory: {@code config.json}, {@code model.safetensors} (HF names, Conv1D weights {@code [in,
 * out]}, tied head) and the embedded GPT-2 {@code tokenizer.json}. Built in the test rather than
 * committed: its embeddings alone are 50257 x 16 floats.
 */
public final class TinyGpt2 {

  private static final int VOCAB = 50257;
  private static final int WIDTH = 16;
  private static final int LAYERS = 2;
  private static final int CONTEXT = 32;
  private static final int EOS = 50256;

  private TinyGpt2() {}

  /** A random model (seeded) whose greedy continuations are arbitrary but deterministic. */
  public static Path random(Path dir) {
    return write(dir, false);
  }

  /**
   * A model that always predicts end-of-text: the final LayerNorm has weight 0 and bias equal to
   * the eos embedding, so every position's logits are {@code wte @ wte[eos]}, largest at eos (its
   * embedding has the largest norm).
   */
  public static Path alwaysEos(Path dir) {
    return write(dir, true);
  }

  private static Path write(Path dir, boolean alwaysEos) {
    Random random = new Random(42);
    SafetensorsWriter w = SafetensorsWriter.create();
    float[] wte = normal(random, VOCAB * WIDTH, 0.02f);
    if (alwaysEos) {
      for (int c = 0; c < WIDTH; c++) {
        wte[EOS * WIDTH + c] = 1f; // norm 4 vs ~0.08 for every other row
      }
    }
    w.addFloats("wte.weight", wte, new long[] {VOCAB, WIDTH});
    w.addFloats("wpe.weight", normal(random, CONTEXT * WIDTH, 0.02f), new long[] {CONTEXT, WIDTH});
    for (int l = 0; l < LAYERS; l++) {
      String p = "h." + l + ".";
      w.addFloats(p + "ln_1.weight", filled(WIDTH, 1f), new long[] {WIDTH});
      w.addFloats(p + "ln_1.bias", filled(WIDTH, 0f), new long[] {WIDTH});
      w.addFloats(
          p + "attn.c_attn.weight",
          normal(random, WIDTH * 3 * WIDTH, 0.2f),
          shape(WIDTH, 3 * WIDTH));
      w.addFloats(p + "attn.c_attn.bias", filled(3 * WIDTH, 0f), new long[] {3 * WIDTH});
      w.addFloats(
          p + "attn.c_proj.weight", normal(random, WIDTH * WIDTH, 0.2f), shape(WIDTH, WIDTH));
      w.addFloats(p + "attn.c_proj.bias", filled(WIDTH, 0f), new long[] {WIDTH});
      w.addFloats(p + "ln_2.weight", filled(WIDTH, 1f), new long[] {WIDTH});
      w.addFloats(p + "ln_2.bias", filled(WIDTH, 0f), new long[] {WIDTH});
      w.addFloats(
          p + "mlp.c_fc.weight", normal(random, WIDTH * 4 * WIDTH, 0.2f), shape(WIDTH, 4 * WIDTH));
      w.addFloats(p + "mlp.c_fc.bias", filled(4 * WIDTH, 0f), new long[] {4 * WIDTH});
      w.addFloats(
          p + "mlp.c_proj.weight",
          normal(random, 4 * WIDTH * WIDTH, 0.2f),
          shape(4 * WIDTH, WIDTH));
      w.addFloats(p + "mlp.c_proj.bias", filled(WIDTH, 0f), new long[] {WIDTH});
    }
    float[] lnFWeight = filled(WIDTH, alwaysEos ? 0f : 1f);
    float[] lnFBias = alwaysEos ? filled(WIDTH, 1f) : filled(WIDTH, 0f);
    w.addFloats("ln_f.weight", lnFWeight, new long[] {WIDTH});
    w.addFloats("ln_f.bias", lnFBias, new long[] {WIDTH});
    try {
      Files.createDirectories(dir);
      w.write(dir.resolve("model.safetensors"));
      Files.writeString(
          dir.resolve("config.json"),
          """
          {"architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": %d,
           "n_embd": %d, "n_layer": %d, "n_head": 2, "n_positions": %d, "n_ctx": %d,
           "n_inner": null, "layer_norm_epsilon": 1e-05, "activation_function": "gelu_new",
           "bos_token_id": %d, "eos_token_id": %d, "tie_word_embeddings": true}
          """
              .formatted(VOCAB, WIDTH, LAYERS, CONTEXT, CONTEXT, EOS, EOS));
      try (InputStream tokenizer =
          TinyGpt2.class.getResourceAsStream(
              "/dev/llmkit/tokenization/embedded/gpt2/tokenizer.json")) {
        Files.copy(tokenizer, dir.resolve("tokenizer.json"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir;
  }

  private static long[] shape(long rows, long cols) {
    return new long[] {rows, cols};
  }

  private static float[] normal(Random random, int n, float std) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian() * std;
    }
    return a;
  }

  private static float[] filled(int n, float value) {
    float[] a = new float[n];
    java.util.Arrays.fill(a, value);
    return a;
  }
}
