package dev.llmkit.app.eval;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.data.TextCorpus;
import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.eval.LmScores;
import dev.llmkit.inference.eval.TextPerplexity;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit eval lm}: sliding-window perplexity and bits per byte of a GPT-2 model. */
@Command(
    name = "lm",
    mixinStandardHelpOptions = true,
    description = {
      "Scores UTF-8 text with a GPT-2 model: perplexity per BPE token and bits per byte.",
      "A sliding window scores only its new tokens each time. Books separated by a",
      "byte-order mark count as separate documents; CRLF is read as LF.",
    },
    footerHeading = "%nExample:%n",
    footer = {
      "  llmkit eval lm --model my-gpt --data held-out.txt --stride 128",
      "  llmkit eval lm --model my-gpt --data novels.txt --held-out 0.01   # train lm's held-out text"
    })
public final class EvalLmCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(names = "--model", paramLabel = "DIR", description = "GPT-2 model.")
  private Path model;

  @Option(
      names = "--data",
      required = true,
      arity = "1..*",
      paramLabel = "FILE",
      description = "Text files.")
  private List<Path> data;

  @Option(
      names = "--context",
      paramLabel = "N",
      description = "Window length (default: the model's context).")
  private Integer context;

  @Option(
      names = "--stride",
      paramLabel = "N",
      description = "Tokens each window advances (default: half the window).")
  private Integer stride;

  @Option(
      names = "--held-out",
      paramLabel = "F",
      description =
          "Score only the end of each document that train lm --validation-fraction F held back"
              + " (default 0: all the text).")
  private double heldOut;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "Score whole documents until N tokens (default 0: everything).")
  private int maxTokens;

  @Override
  public Integer call() throws IOException {
    Path dir = model != null ? model : DefaultModels.standard().directory(DefaultTask.GENERATION);
    TextCorpus corpus = TextCorpus.read(data, heldOut);
    List<String> documents = heldOut > 0 ? corpus.validation() : corpus.train();
    try (Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        NDManager manager = NDManager.newBaseManager();
        Gpt2Model gpt2 = Gpt2Model.load(dir, manager)) {
      int window = context == null ? gpt2.contextLength() : context;
      int step = stride == null ? Math.max(1, window / 2) : stride;
      LmScores scores =
          TextPerplexity.evaluate(gpt2, tokenizer, documents, window, step, maxTokens);
      spec.commandLine().getOut().println(scores.toJson());
    }
    return 0;
  }
}
