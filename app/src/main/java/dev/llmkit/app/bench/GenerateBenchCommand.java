package dev.llmkit.app.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.train.lm.Gpt2Init;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench generate}: GPT-2 prefill time against prompt length, and decoding time per
 * token after short and long prompts, on a randomly initialised GPT-2 of GPT-2 small's shape (no
 * GPT-2 weights are reachable here; speed does not depend on the values).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "GPT-2-small-shaped prefill and decode: tokens/s and time against position.",
    footer = {
      "",
      "Decoding reads float16 copies of the weights on the CPU by default; the same run measures",
      "float32 decoding beside it (the peer column). Prefill runs in float32.",
      "",
      "Example:",
      "  llmkit bench generate --out docs/bench"
    })
public final class GenerateBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions bench;

  @Option(names = "--embd", defaultValue = "768", description = "n_embd (default 768).")
  private int embd;

  @Option(names = "--layers", defaultValue = "12", description = "n_layer (default 12).")
  private int layers;

  @Option(names = "--heads", defaultValue = "12", description = "n_head (default 12).")
  private int heads;

  @Option(names = "--vocab", defaultValue = "50257", description = "vocab_size (default 50257).")
  private int vocab;

  @Option(
      names = "--steps",
      defaultValue = "32",
      description = "Decoding steps a timed run takes (default 32).")
  private int steps;

  @Option(
      names = "--prompts",
      split = ",",
      defaultValue = "16,128,512,960",
      description = "Prompt lengths (default 16,128,512,960).")
  private List<Integer> prompts;

  @Override
  public Integer call() throws Exception {
    bench.applyThreads();
    Gpt2Config config =
        new Gpt2Config(
            embd,
            layers,
            heads,
            1024,
            1024,
            4 * embd,
            vocab,
            1e-5,
            Activation.GELU_TANH,
            0,
            0,
            true);
    List<Result> results = new ArrayList<>();
    try (NDManager base = NDManager.newBaseManager();
        Gpt2Model model = new Gpt2Model(config, Gpt2Init.randomWeights(config, base), base)) {
      for (int n : prompts) {
        long[] prompt = new SplittableRandom(n).longs(n, 0, vocab).toArray();
        Samples prefill = bench.repeats().time(() -> prefill(model, prompt), 1);
        results.add(
            Result.alone("prefill " + n + " tokens", "ms per prompt", prefill)
                .with("prompt tokens/s", n * 1000 / prefill.median()));
      }
      for (int n : new int[] {16, 512}) {
        long[] prompt = new SplittableRandom(n).longs(n, 0, vocab).toArray();
        Samples[] both =
            bench
                .repeats()
                .interleavedTimed(
                    () -> decode(model.float16Decoding(true), prompt),
                    () -> decode(model.float16Decoding(false), prompt),
                    steps - 1);
        model.float16Decoding(Gpt2Model.FLOAT16_DECODING_DEFAULT);
        results.add(
            Result.against(
                    "decode after " + n + " tokens",
                    "ms per token",
                    both[0],
                    "llmkit float32 decoding",
                    both[1])
                .with("tokens/s", 1000 / both[0].median())
                .with("float32 tokens/s", 1000 / both[1].median()));
      }
    }
    return bench.report(spec, "generate", results);
  }

  private static void prefill(Gpt2Model model, long[] prompt) {
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, prompt.length + 1);
      model
          .nextTokenLogits(request.create(prompt, new Shape(1, prompt.length)), cache)
          .getFloat(0, 0);
    }
  }

  /** Prefills the prompt untimed, then times {@code steps - 1} decoding steps. */
  private long decode(Gpt2Model model, long[] prompt) {
    try (NDManager request = model.manager().newSubManager()) {
      KvCache cache = model.newCache(request, 1, prompt.length + steps);
      long next;
      try (NDManager step = request.newSubManager()) {
        next =
            argMax(model.nextTokenLogits(step.create(prompt, new Shape(1, prompt.length)), cache));
      }
      long t0 = System.nanoTime();
      for (int i = 1; i < steps; i++) {
        try (NDManager step = request.newSubManager()) {
          next =
              argMax(model.nextTokenLogits(step.create(new long[] {next}, new Shape(1, 1)), cache));
        }
      }
      return System.nanoTime() - t0;
    }
  }

  private static long argMax(NDArray logits) {
    return logits.argMax(1).getLong();
  }
}
