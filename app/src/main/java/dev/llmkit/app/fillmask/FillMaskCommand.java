package dev.llmkit.app.fillmask;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.app.cli.TextInput;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.fillmask.FillMaskCandidate;
import dev.llmkit.inference.fillmask.FillMaskOptions;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.MaskedLanguageModel;
import dev.llmkit.inference.runtime.LoadedModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit fill-mask}: the most probable words for each {@code [MASK]}, in Hugging Face's
 * fill-mask shape (<a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/fill_mask.py">fill_mask.py</a>).
 */
@Command(
    name = "fill-mask",
    mixinStandardHelpOptions = true,
    description = {
      "Predicts the words hidden by [MASK] in each TEXT (fill-mask).",
      "The default model is bert-base-cased.",
      "Prints the Hugging Face pipeline's JSON: a list of candidates, a list per mask when a",
      "text has several, and a list per text when several texts are given.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit fill-mask \"The capital of France is [MASK].\"",
      "  llmkit fill-mask --top-k 3 --targets Paris,London \"The capital of France is [MASK].\"",
      "",
      "Output (one line):",
      "  [{\"score\":0.87,\"token\":3000,\"token_str\":\"Paris\",",
      "    \"sequence\":\"The capital of France is Paris.\"}, ...]",
      "Exit codes: 0 ok, 2 bad input (no [MASK], bad options), 3 model not found or not loadable.",
    })
public final class FillMaskCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      defaultValue = "5",
      description = "Candidates per mask (Hugging Face top_k). Default: ${DEFAULT-VALUE}.")
  private int topK;

  @Option(
      names = "--targets",
      paramLabel = "WORDS",
      split = ",",
      description = "Only score these words (Hugging Face targets), comma-separated.")
  private List<String> targets = List.of();

  @Parameters(
      arity = "1..*",
      paramLabel = "TEXT",
      description = "Texts with [MASK]; - reads all of standard input as one text.")
  private List<String> texts;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public FillMaskCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  FillMaskCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    FillMaskOptions options = FillMaskOptions.builder().topK(topK).targets(targets).build();
    modelOptions.validate();
    List<String> inputs = TextInput.wholeTexts(texts, stdin);
    Path dir = modelOptions.modelDirectory(DefaultTask.FILL_MASK);
    Placement placement = modelOptions.placement();
    List<List<List<FillMaskCandidate>>> results;
    try (LoadedModel<MaskedLanguageModel> m =
            LoadedModel.load(dir, placement, EncoderModels::loadMaskedLanguageModel);
        FillMaskPipeline fill =
            FillMaskPipeline.builder()
                .model(m.model())
                .tokenizer(m.tokenizer())
                .manager(m.manager())
                .build()) {
      results = fill.run(inputs, options);
    }
    List<Object> json = results.stream().map(FillMaskCommand::perText).toList();
    CliJson.print(spec.commandLine().getOut(), json.size() == 1 ? json.get(0) : json);
    return 0;
  }

  /** One text: its candidates, or a list per mask when it has several (as transformers). */
  static Object perText(List<List<FillMaskCandidate>> perMask) {
    List<List<Map<String, Object>>> masks =
        perMask.stream().map(c -> c.stream().map(FillMaskCommand::json).toList()).toList();
    return masks.size() == 1 ? masks.get(0) : masks;
  }

  static Map<String, Object> json(FillMaskCandidate c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("score", c.score());
    m.put("token", c.token());
    m.put("token_str", c.tokenStr());
    m.put("sequence", c.sequence());
    return m;
  }
}
