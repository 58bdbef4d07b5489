package dev.llmkit.app.eval;

import dev.llmkit.inference.data.ConllReader;
import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.eval.NerScores;
import dev.llmkit.inference.train.ner.NerTrainer;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Option(names = "--model", paramLabel = "DIR", description = "Token-classification model.")
  private Path model;

  @Option(names = "--data", required = true, paramLabel = "FILE", description = "CoNLL file.")
  private Path data;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Longest sentence in tokens (default 128).")
  private int maxLength = 128;

  @Override
  public Integer call() {
    Path dir = model != null ? model : DefaultModels.standard().directory(DefaultTask.NER);
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(dir)) {
      NerScores scores =
          NerTrainer.evaluate(dir, tokenizer, ConllReader.lastColumn().read(data), maxLength);
      spec.commandLine().getOut().println(scores.toJson());
    }
    return 0;
  }
}
