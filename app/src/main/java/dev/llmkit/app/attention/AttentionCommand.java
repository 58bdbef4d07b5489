package dev.llmkit.app.attention;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.app.cli.TextInput;
import dev.llmkit.inference.attention.AttentionMaps;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.runtime.LoadedModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmkit attention}: a model's attention weights for a short text, as JSON. */
@Command(
    name = "attention",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a model's attention weights over TEXT, per layer and head.",
      "TEXT has at most 128 tokens.",
      "They come from the same forward pass that serves the task: the embedding model by",
      "default, or the NER, QA or generation model (--task).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit attention \"The cat sat on the mat.\"",
      "  llmkit attention --task generate \"It was a dark and stormy night\"",
      "",
      "Output (one line), the shape of POST /attention:",
      "  {\"tokens\":[\"[CLS]\",\"the\",...],\"attentions\":[[[[0.41,0.02,...],...]]]}",
      "attentions[layer][head][query][key] are softmax weights: each row sums to 1, and GPT-2",
      "gives 0 to the tokens after the query.",
      "Exit codes: 0 ok, 2 bad input (empty or over 128 tokens), 3 model not found.",
    })
public final class AttentionCommand implements Callable<Integer> {

  private static final Map<String, DefaultTask> TASKS =
      Map.of(
          "embed", DefaultTask.EMBEDDINGS,
          "ner", DefaultTask.NER,
          "qa", DefaultTask.QA,
          "generate", DefaultTask.GENERATION);

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--task",
      paramLabel = "embed|ner|qa|generate",
      defaultValue = "embed",
      description = "Whose default model to look inside when --model is not given. Default: embed.")
  private String task;

  @Parameters(
      arity = "1",
      paramLabel = "TEXT",
      description = "The text; - reads all of standard input.")
  private String text;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public AttentionCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  AttentionCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    DefaultTask kind = TASKS.get(task.strip().toLowerCase(Locale.ROOT));
    if (kind == null) {
      throw new IllegalArgumentException(
          "unknown --task '" + task + "'; expected embed, ner, qa or generate");
    }
    modelOptions.validate();
    String input = TextInput.wholeTexts(List.of(text), stdin).get(0);
    Path dir = modelOptions.modelDirectory(kind);
    Placement placement = modelOptions.placement();
    AttentionMaps.Map map;
    if (kind == DefaultTask.GENERATION) {
      try (LoadedModel<Gpt2Model> m = LoadedModel.load(dir, placement, Gpt2Model::load)) {
        map = AttentionMaps.ofGpt2(m.model(), m.tokenizer(), input);
      }
    } else {
      try (LoadedModel<Encoder> m = LoadedModel.load(dir, placement, EncoderModels::loadEncoder)) {
        map = AttentionMaps.ofEncoder(m.model(), m.tokenizer(), m.manager(), input);
      }
    }
    CliJson.print(spec.commandLine().getOut(), map);
    return 0;
  }
}
