package dev.llmkit.app.bench;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.inference.store.ModelStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench ner} and {@code llmkit bench qa}: the end-to-end pipelines (tokenization,
 * windows, forward, decoding) of each bundled model, one text a call and 32 a call.
 */
public abstract class PipelineBenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin BenchOptions bench;

  @Mixin BenchPrecision precision;

  @Option(names = "--texts", paramLabel = "FILE", description = "One text a line.")
  Path textsFile;

  @Option(
      names = "--count",
      defaultValue = "32",
      paramLabel = "N",
      description = "Texts a timed run handles (default ${DEFAULT-VALUE}).")
  int count;

  /** The suite's name. */
  abstract String suite();

  /** Measures each model of the suite into {@code results}. */
  abstract void measure(List<String> texts, List<Result> results) throws Exception;

  @Override
  public Integer call() throws Exception {
    List<String> texts = Texts.take(Texts.load(textsFile), count);
    bench.applyThreads();
    List<Result> results = new ArrayList<>();
    measure(texts, results);
    return bench.report(spec, suite(), results);
  }

  /** One model: {@code run} over all texts, one a call and then 32 a call. */
  void cases(String model, List<String> texts, Consumer<List<String>> run, List<Result> results) {
    for (int batch : new int[] {1, 32}) {
      Samples ms =
          bench
              .repeats()
              .time(
                  () -> {
                    for (int i = 0; i < texts.size(); i += batch) {
                      run.accept(texts.subList(i, Math.min(texts.size(), i + batch)));
                    }
                  },
                  texts.size());
      results.add(
          Result.alone(precision.label(model + ", " + batch + " a call"), "ms per text", ms)
              .with("texts/s", 1000 / ms.median()));
    }
  }

  /** {@code llmkit bench ner}. */
  @Command(
      name = "ner",
      mixinStandardHelpOptions = true,
      description = "NER pipelines end to end: BERT-Base LoRA default and the MiniLM NER.")
  public static final class Ner extends PipelineBenchCommand {
    @Override
    String suite() {
      return "ner";
    }

    @Override
    void measure(List<String> texts, List<Result> results) {
      ModelStore store = ModelStore.fromEnvironment();
      for (String name : List.of("ner-bert-base-cased", "ner-minilm")) {
        Path dir = store.resolve(name);
        try (LoadedModel<TokenClassifier> m =
                LoadedModel.load(dir, precision.placement(), EncoderModels::loadTokenClassifier);
            NerPipeline ner =
                NerPipeline.builder()
                    .model(m.model())
                    .tokenizer(m.tokenizer())
                    .manager(m.manager())
                    .build()) {
          NerOptions options = NerOptions.builder().build();
          cases(name, texts, batch -> ner.run(batch, options), results);
        }
      }
    }
  }

  /** {@code llmkit bench qa}. */
  @Command(
      name = "qa",
      mixinStandardHelpOptions = true,
      description = "Question answering end to end with the bundled MiniLM QA model.",
      footer = {
        "",
        "Each text is the context (four sentences) of the question \"Who was there?\"."
      })
  public static final class Qa extends PipelineBenchCommand {
    @Override
    String suite() {
      return "qa";
    }

    @Override
    void measure(List<String> texts, List<Result> results) {
      Path dir = DefaultModels.standard().directory(DefaultTask.QA);
      List<String> contexts = new ArrayList<>();
      for (int i = 0; i < texts.size(); i++) {
        contexts.add(String.join(" ", Texts.take(texts.subList(i, texts.size()), 4)));
      }
      try (LoadedModel<QuestionAnswerer> m =
              LoadedModel.load(dir, precision.placement(), EncoderModels::loadQuestionAnswerer);
          QaPipeline qa =
              QaPipeline.builder()
                  .model(m.model())
                  .tokenizer(m.tokenizer())
                  .manager(m.manager())
                  .build()) {
        QaOptions options = QaOptions.builder().build();
        cases(
            "qa (bundled MiniLM)",
            contexts,
            batch ->
                qa.run(batch.stream().map(c -> new QaInput("Who was there?", c)).toList(), options),
            results);
      }
    }
  }
}
