package dev.llmkit.app.train;

import dev.llmkit.inference.train.qa.QaTrainer;
import dev.llmkit.inference.train.qa.QaTrainingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit train qa}: fine-tunes an encoder for extractive question answering. */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    description = {
      "Fine-tunes a BERT-family encoder for extractive question answering on SQuAD v1.1 JSON.",
      "Contexts are cut into windows with a document stride; writes a Hugging Face",
      "question-answering model directory. With --dev, prints SQuAD exact_match and f1 (JSON).",
    },
    footerHeading = "%nExample:%n",
    footer =
        "  llmkit train qa --base models/minilm --train part01.json part02.json"
            + " --dev dev.json --out my-qa --time-limit 170")
public final class TrainQaCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--base",
      required = true,
      paramLabel = "MODEL",
      description =
          "Encoder to tune: a directory, a Hub id, or bert-base-cased. A QA model goes on"
              + " with its own qa_outputs head.")
  private String base;

  @Option(
      names = "--train",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "SQuAD JSON files.")
  private List<Path> train;

  @Option(
      names = "--dev",
      arity = "1..*",
      paramLabel = "FILE",
      description = "SQuAD JSON scored at the end.")
  private List<Path> dev = List.of();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model to write.")
  private Path out;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Window length in tokens (default 384).")
  private int maxLength = 384;

  @Option(
      names = "--doc-stride",
      paramLabel = "N",
      description = "Context tokens shared by consecutive windows (default 128).")
  private int docStride = 128;

  @Option(names = "--freeze-embeddings", description = "Keep the word-embedding table fixed.")
  private boolean freezeEmbeddings;

  @Mixin private TrainingOptions training;

  @Mixin private LoraOptions lora;

  @Override
  public Integer call() {
    QaTrainingReport report =
        QaTrainer.builder()
            .base(BaseModels.resolve(base))
            .lora(lora.config(BaseModels.adapterBaseName(base)))
            .train(train)
            .dev(dev)
            .output(out)
            .maxLength(maxLength)
            .docStride(docStride)
            .freezeWordEmbeddings(freezeEmbeddings)
            .saveDtype(training.saveDtype)
            .placement(training.placement())
            .training(training.config(out, 2, 16, 5e-5))
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
