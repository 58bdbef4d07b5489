package dev.llmkit.app.eval;

import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.inference.data.SquadReader;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.eval.SquadScores;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.train.qa.QaTrainer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit eval qa}: SQuAD v1.1 exact match and F1 of a question-answering model. */
@Command(
    name = "qa",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a question-answering model on SQuAD v1.1 JSON: exact_match and f1.",
      "Answers every question with the question-answering pipeline (Hugging Face defaults)",
      "and scores as the official evaluate-v1.1.py script does, with its names.",
    },
    footerHeading = "%nExample:%n",
    footer = "  llmkit eval qa --model my-qa --data dev-v1.1.json")
public final class EvalQaCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--data",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "SQuAD JSON.")
  private List<Path> data;

  @Override
  public Integer call() {
    modelOptions.validate();
    Path dir = modelOptions.modelDirectory(DefaultTask.QA);
    SquadScores scores =
        QaTrainer.evaluate(
            dir, modelOptions.placement(), SquadReader.read(data), QaOptions.defaults());
    spec.commandLine().getOut().println(scores.toJson());
    return 0;
  }
}
