package dev.llmkit.app.bench;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.pretrained.BertBaseCased;
import dev.llmkit.inference.store.LlmkitCache;
import dev.llmkit.inference.train.StepStats;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingListener;
import dev.llmkit.inference.train.lm.LmTrainer;
import dev.llmkit.inference.train.ner.NerTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench train}: training tokens per second of the runs that made the bundled models
 * (GPT-2 6×256 from scratch; NER fine-tuning of MiniLM and of BERT-Base), each for a few optimizer
 * steps on the bench texts, with the GFLOP/s that achieves.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Training tokens/s and GFLOP/s: GPT-2 from scratch, NER on MiniLM and BERT-Base.",
    footer = {
      "",
      "A sample is one optimizer step after the warm-up steps. FLOPs per token are counted as",
      "6 × parameters + 12 × layers × context × width (forward and backward, Kaplan et al.).",
      "The NER data are the bench texts, capitalised words tagged B-PER: speed does not depend",
      "on the labels.",
      "",
      "Example:",
      "  llmkit bench train --out docs/bench"
    })
public final class TrainBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions bench;

  @Option(
      names = "--models",
      split = ",",
      defaultValue = "gpt2,minilm,bert-base-cased",
      description = "Which runs (default ${DEFAULT-VALUE}).")
  private List<String> models;

  @Override
  public Integer call() throws Exception {
    bench.applyThreads();
    List<String> texts = Texts.load(null);
    Path work = Files.createTempDirectory("llmkit-bench-train");
    List<Result> results = new ArrayList<>();
    try {
      for (String model : models) {
        results.add(
            switch (model) {
              case "gpt2" -> gpt2(work, texts);
              case "minilm" -> ner(work, texts, "minilm", AllMiniLmL6V2.directory(), 6, 384);
              case "bert-base-cased" ->
                  ner(work, texts, "bert-base-cased", BertBaseCased.directory(), 12, 768);
              default -> throw new IllegalArgumentException("unknown run " + model);
            });
      }
    } finally {
      LlmkitCache.deleteTree(work);
    }
    return bench.report(spec, "train", results);
  }

  private int steps() {
    return bench.warmup + bench.repeats + 1;
  }

  /** Step times after the warm-up, from the listener's timestamps. */
  private TrainingListener stepTimes(List<Double> ms) {
    long[] last = {0};
    return new TrainingListener() {
      @Override
      public void onStep(StepStats stats) {
        String trace = System.getProperty("llmkit.bench.profile");
        if (trace != null && stats.step() == bench.warmup + 1) {
          ai.djl.pytorch.jni.JniUtils.startProfile(false, true, false);
        }
        if (trace != null && stats.step() == bench.warmup + 2) {
          ai.djl.pytorch.jni.JniUtils.stopProfile(trace);
        }
        long now = System.nanoTime();
        if (last[0] != 0 && stats.step() > bench.warmup + 1) {
          ms.add((now - last[0]) / 1e6);
        }
        last[0] = now;
      }
    };
  }

  private Result gpt2(Path work, List<String> texts) throws IOException {
    Path corpus = work.resolve("corpus.txt");
    Files.write(corpus, Texts.take(texts, 20 * texts.size())); // ~150k tokens
    int layers = 6;
    int width = 256;
    int context = 256;
    int batch = 16;
    List<Double> ms = new ArrayList<>();
    LmTrainer.builder()
        .trainFiles(List.of(corpus))
        .validationFraction(0.001)
        .architecture(layers, width, 4, context)
        .output(work.resolve("gpt2"))
        .training(config(batch, 1e-3))
        .listener(stepTimes(ms))
        .build()
        .run();
    // The blocks and the tied head (as the output projection; the input lookup costs nothing).
    double params = 12.0 * layers * width * width + 50257.0 * width;
    return result(
        "GPT-2 6×256 from scratch, " + batch + "×" + context,
        ms,
        batch * context,
        params,
        layers,
        context,
        width);
  }

  private Result ner(Path work, List<String> texts, String name, Path base, int layers, int width)
      throws IOException {
    double params = 12.0 * layers * width * width; // the layers; embedding lookups cost nothing
    Path train = work.resolve(name + ".conll");
    Files.write(train, conll(texts));
    int batch = 16;
    List<Double> ms = new ArrayList<>();
    NerTrainer.builder()
        .base(base)
        .train(train)
        .output(work.resolve(name))
        .training(config(batch, 5e-5))
        .listener(stepTimes(ms))
        .build()
        .run();
    // CoNLL-style sentences of the bench texts: about 32 tokens each with special tokens.
    int tokensPerText = 32;
    return result(
        "NER fine-tuning " + name + ", " + batch + " sentences",
        ms,
        batch * tokensPerText,
        params,
        layers,
        tokensPerText,
        width);
  }

  private TrainingConfig config(int batch, double lr) {
    return TrainingConfig.builder()
        .batchSize(batch)
        .learningRate(lr)
        .maxSteps(steps())
        .epochs(1)
        .seed(42)
        .build();
  }

  private static Result result(
      String name,
      List<Double> ms,
      int tokensPerStep,
      double params,
      int layers,
      int context,
      int width) {
    Samples step = Samples.of(ms);
    double tokensPerSecond = tokensPerStep * 1000 / step.median();
    double flopsPerToken = 6 * params + 12.0 * layers * context * width;
    return Result.alone(name, "ms per step", step)
        .with("tokens/s", tokensPerSecond)
        .with("GFLOP/s", tokensPerSecond * flopsPerToken / 1e9);
  }

  /** Each text as a CoNLL sentence: capitalised words after the first tagged B-PER, others O. */
  private static List<String> conll(List<String> texts) {
    List<String> lines = new ArrayList<>();
    for (String text : texts) {
      String[] words = text.split("\\s+");
      for (int i = 0; i < words.length; i++) {
        boolean name = i > 0 && !words[i].isEmpty() && Character.isUpperCase(words[i].charAt(0));
        lines.add(words[i] + " " + (name ? "B-PER" : "O"));
      }
      lines.add("");
    }
    return lines;
  }
}
