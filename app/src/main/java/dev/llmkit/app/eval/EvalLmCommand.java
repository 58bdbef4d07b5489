package dev.llmkit.app.eval;

import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.inference.data.TextCorpus;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.eval.LmScores;
import dev.llmkit.inference.eval.TextPerplexity;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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

  @Mixin private ModelOptions modelOptions;

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
    modelOptions.validate();
    TextCorpus corpus = TextCorpus.read(data, heldOut);
    List<String> documents = heldOut > 0 ? corpus.validation() : corpus.train();
    Path dir = modelOptions.modelDirectory(DefaultTask.GENERATION);
    try (LoadedModel<Gpt2Model> loaded =
        LoadedModel.load(dir, modelOptions.placement(), Gpt2Model::load)) {
      Gpt2Model gpt2 = loaded.model();
      Tokenizer tokenizer = loaded.tokenizer();
      int window = context == null ? gpt2.contextLength() : context;
      int step = stride == null ? Math.max(1, window / 2) : stride;
      LmScores scores =
          TextPerplexity.evaluate(gpt2, tokenizer, documents, window, step, maxTokens);
      spec.commandLine().getOut().println(scores.toJson());
    }
    return 0;
  }
}
