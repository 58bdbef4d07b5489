package dev.llmkit.app.warmup;

import ai.djl.engine.Engine;
import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.MaskedLanguageModel;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit warmup}: starts the engine (extracting libtorch on first use), then converts or
 * unpacks and runs every default model that is bundled, so the first real request is fast. The
 * Docker images run it at build time.
 */
@Command(
    name = "warmup",
    mixinStandardHelpOptions = true,
    description = {
      "Prepares every bundled default model so later commands start fast.",
      "Starts the engine, converts all-MiniLM-L6-v2 and bert-base-cased, unpacks the NER, QA and",
      "generation defaults into the llmkit cache and runs each once. Prints a one-line summary;",
      "defaults that are not bundled are reported as missing. --engine-only stops after the",
      "native libraries (libtorch, tokenizers): the Docker images bake those and expand the",
      "compact model bundles at start.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit warmup",
      "  LLMKIT_CACHE=/opt/llmkit/cache llmkit warmup",
      "  DJL_CACHE_DIR=/opt/llmkit/djl llmkit warmup --engine-only   # as the Docker images do",
      "",
      "Output: warmup: engine PyTorch 2.7.1 on cpu float32 (1.7 s); embedding ready (2.8 s);",
      "        NER missing; QA missing; generation missing",
      "Exit codes: 0 ok (missing defaults included), 3 a bundled model is broken.",
    })
public final class WarmupCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--verbose", description = "Print the stack trace of errors (to stderr).")
  private boolean verbose;

  @Option(
      names = "--engine-only",
      description =
          "Only start the engine and load a tokenizer, so libtorch and the tokenizers library are"
              + " extracted into DJL_CACHE_DIR; no model is converted or unpacked.")
  private boolean engineOnly;

  private final DefaultModels defaults;

  /** Warms up the standard defaults. */
  public WarmupCommand() {
    this(DefaultModels.standard());
  }

  /** Warms up the given defaults; for tests. */
  WarmupCommand(DefaultModels defaults) {
    this.defaults = defaults;
  }

  @Override
  public Integer call() {
    long t0 = System.nanoTime();
    Placement placement = Placement.cpu();
    Engine engine = Engine.getInstance();
    List<String> parts = new ArrayList<>();
    parts.add(
        String.format(
            Locale.ROOT,
            "engine %s %s on %s %s (%s)",
            engine.getEngineName(),
            engine.getVersion(),
            placement.device().isGpu() ? "cuda:" + placement.device().getDeviceId() : "cpu",
            placement.precision(),
            seconds(t0)));
    if (engineOnly) {
      long t = System.nanoTime();
      try (Tokenizer tokenizer = Tokenizer.embedded("bert-base-cased")) {
        tokenizer.encode("warm up");
      }
      parts.add("tokenizers ready (" + seconds(t) + ")");
      print(parts);
      return 0;
    }
    for (DefaultTask task : DefaultTask.values()) {
      if (!defaults.isBundled(task)) {
        parts.add(task.label() + " missing");
        continue;
      }
      long t = System.nanoTime();
      Path dir = defaults.directory(task);
      run(task, dir, placement);
      parts.add(task.label() + " ready (" + seconds(t) + ")");
    }
    print(parts);
    return 0;
  }

  private void print(List<String> parts) {
    spec.commandLine().getOut().println("warmup: " + String.join("; ", parts));
    spec.commandLine().getOut().flush();
  }

  /** Loads the model and runs it once on a short input. */
  private static void run(DefaultTask task, Path dir, Placement placement) {
    switch (task) {
      case EMBEDDINGS -> {
        try (LoadedModel<Encoder> m = LoadedModel.load(dir, placement, EncoderModels::loadEncoder);
            EmbeddingPipeline p =
                EmbeddingPipeline.builder()
                    .model(m.model())
                    .tokenizer(m.tokenizer())
                    .manager(m.manager())
                    .build()) {
          p.embed(List.of("warm up"), EmbeddingOptions.defaults());
        }
      }
      case NER -> {
        try (LoadedModel<TokenClassifier> m =
                LoadedModel.load(dir, placement, EncoderModels::loadTokenClassifier);
            NerPipeline p =
                NerPipeline.builder()
                    .model(m.model())
                    .tokenizer(m.tokenizer())
                    .manager(m.manager())
                    .build()) {
          p.run("Ada Lovelace lived in London.", NerOptions.defaults());
        }
      }
      case QA -> {
        try (LoadedModel<QuestionAnswerer> m =
                LoadedModel.load(dir, placement, EncoderModels::loadQuestionAnswerer);
            QaPipeline p =
                QaPipeline.builder()
                    .model(m.model())
                    .tokenizer(m.tokenizer())
                    .manager(m.manager())
                    .build()) {
          p.run(List.of(new QaInput("Where?", "In London.")), QaOptions.defaults());
        }
      }
      case FILL_MASK -> {
        try (LoadedModel<MaskedLanguageModel> m =
                LoadedModel.load(dir, placement, EncoderModels::loadMaskedLanguageModel);
            FillMaskPipeline p =
                FillMaskPipeline.builder()
                    .model(m.model())
                    .tokenizer(m.tokenizer())
                    .manager(m.manager())
                    .build()) {
          p.run("Paris is the [MASK] of France.");
        }
      }
      case GENERATION -> {
        try (LoadedModel<Gpt2Model> m = LoadedModel.load(dir, placement, Gpt2Model::load)) {
          TextGenerator.builder()
              .model(m.model())
              .codec(TextCodec.of(m.tokenizer()))
              .build()
              .generate("It was", GenerationOptions.builder().maxNewTokens(1).build());
        }
      }
    }
  }

  private static String seconds(long since) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - since) / 1e9);
  }
}
