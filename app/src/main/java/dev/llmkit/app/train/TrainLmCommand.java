package dev.llmkit.app.train;

import dev.llmkit.inference.eval.EvalJson;
import dev.llmkit.inference.train.lm.LmTrainer;
import dev.llmkit.inference.train.lm.LmTrainingReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit train lm}: trains a GPT-2 language model. */
@Command(
    name = "lm",
    mixinStandardHelpOptions = true,
    description = {
      "Trains a GPT-2 language model on plain text, from scratch or from --base.",
      "Writes a Hugging Face model directory. The last --validation-fraction of every",
      "document is held back; its perplexity and bits per byte are printed (JSON).",
    },
    footerHeading = "%nExample:%n",
    footer =
        "  llmkit train lm --train novels-*.txt --layers 6 --width 384 --heads 6 --context 256"
            + " --out my-gpt --time-limit 170")
public final class TrainLmCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--train",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "UTF-8 text files.")
  private List<Path> train;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Model to write.")
  private Path out;

  @ArgGroup(exclusive = true)
  private Start start = new Start();

  @Option(
      names = "--validation-fraction",
      paramLabel = "F",
      description = "Held-back end of every document (default 0.01).")
  private double validationFraction = 0.01;

  @Mixin private TrainingOptions training;

  /** Either a base model or a fresh architecture. */
  static final class Start {
    @Option(names = "--base", paramLabel = "DIR", description = "GPT-2 model to continue.")
    Path base;

    @ArgGroup(exclusive = false)
    Architecture architecture = new Architecture();
  }

  /** Shape of a model trained from scratch. */
  static final class Architecture {
    @Option(names = "--layers", paramLabel = "N", description = "Blocks (default 6).")
    int layers = 6;

    @Option(names = "--width", paramLabel = "C", description = "Hidden size (default 384).")
    int width = 384;

    @Option(names = "--heads", paramLabel = "H", description = "Attention heads (default 6).")
    int heads = 6;

    @Option(names = "--context", paramLabel = "T", description = "Context length (default 256).")
    int context = 256;
  }

  @Override
  public Integer call() {
    LmTrainer.Builder builder =
        LmTrainer.builder()
            .trainFiles(train)
            .output(out)
            .validationFraction(validationFraction)
            .saveDtype(training.saveDtype)
            .placement(training.placement())
            .training(training.config(out, 1, 16, 6e-4))
            .listener(Progress.bar(spec.commandLine().getErr()));
    Architecture a = start.architecture;
    if (start.base != null) {
      builder.base(start.base).context(0);
    } else {
      builder.architecture(a.layers, a.width, a.heads, a.context);
    }
    LmTrainingReport report = builder.build().run();
    spec.commandLine().getErr().println(Progress.summary(report.training()));
    if (report.output() != null) {
      spec.commandLine().getErr().println("wrote " + report.output());
    }
    if (report.validation() != null) {
      spec.commandLine().getOut().println(EvalJson.toJson(report.validation()));
    }
    return 0;
  }
}
