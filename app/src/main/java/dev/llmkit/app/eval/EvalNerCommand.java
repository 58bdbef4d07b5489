package dev.llmkit.app.eval;

import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.inference.data.ConllReader;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.eval.NerScores;
import dev.llmkit.inference.train.ner.NerTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit eval ner}: conlleval-exact entity scores of a token-classification model. */
@Command(
    name = "ner",
    mixinStandardHelpOptions = true,
    description = {
      "Scores a NER model on a CoNLL file with entity-level precision, recall and F1.",
      "Tags word by word (first sub-token) and prints overall and per-type scores exactly as",
      "conlleval and seqeval compute them, with seqeval's names (overall_f1, ...).",
    },
    footerHeading = "%nExample:%n",
    footer = "  llmkit eval ner --model my-ner --data dev.txt")
public final class EvalNerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "CoNLL file.")
  private Path data;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Longest sentence in tokens (default 128).")
  private int maxLength = 128;

  @Override
  public Integer call() {
    modelOptions.validate();
    Path dir = modelOptions.modelDirectory(DefaultTask.NER);
    NerScores scores =
        NerTrainer.evaluate(
            dir, modelOptions.placement(), ConllReader.lastColumn().read(data), maxLength);
    spec.commandLine().getOut().println(scores.toJson());
    return 0;
  }
}
