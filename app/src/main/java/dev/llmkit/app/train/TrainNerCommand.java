package dev.llmkit.app.train;

import dev.llmkit.inference.train.ner.NerTrainer;
import dev.llmkit.inference.train.ner.NerTrainingReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit train ner}: fine-tunes an encoder for named-entity recognition. */
@Command(
    name = "ner",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tunes a BERT-family encoder for named-entity recognition on CoNLL column data.",
      "IOB1 or IOB2; the NER tag is the last column; labels are read from the data. Writes a",
      "Hugging Face token-classification model directory. With --dev, prints entity-level",
      "scores in seqeval's shape (JSON).",
    },
    footerHeading = "%nExample:%n",
    footer = "  llmkit train ner --base models/minilm --train train.txt --dev dev.txt --out my-ner")
public final class TrainNerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--base",
      required = true,
      paramLabel = "MODEL",
      description = "Encoder to tune: a directory, a Hub id, or bert-base-cased.")
  private String base;

  @Option(names = "--train", required = true, paramLabel = "FILE", description = "CoNLL file.")
  private Path train;

  @Option(names = "--dev", paramLabel = "FILE", description = "CoNLL file scored at the end.")
  private Path dev;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model to write.")
  private Path out;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Longest sentence in tokens (default 128).")
  private int maxLength = 128;

  @Option(
      names = "--freeze-embeddings",
      description = "Keep the word-embedding table fixed (faster, smaller difference).")
  private boolean freezeEmbeddings;

  @Mixin private TrainingOptions training;

  @Mixin private LoraOptions lora;

  @Override
  public Integer call() {
    NerTrainingReport report =
        NerTrainer.builder()
            .base(BaseModels.resolve(base))
            .lora(lora.config(BaseModels.adapterBaseName(base)))
            .train(train)
            .dev(dev)
            .output(out)
            .maxLength(maxLength)
            .freezeWordEmbeddings(freezeEmbeddings)
            .saveDtype(training.saveDtype)
            .placement(training.placement())
            .training(training.config(out, 3, 32, 5e-5))
            .listener(Progress.bar(spec.commandLine().getErr()))
            .build()
            .run();
    spec.commandLine().getErr().println(Progress.summary(report.training()));
    if (report.output() != null) {
      spec.commandLine().getErr().println("wrote " + report.output());
    }
    if (report.dev() != null) {
      spec.commandLine().getOut().println(report.dev().toJson());
    }
    return 0;
  }
}
