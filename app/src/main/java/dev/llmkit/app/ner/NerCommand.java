package dev.llmkit.app.ner;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.app.cli.TextInput;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit ner}: named entities in Hugging Face's token-classification shape (<a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/token_classification.py">token_classification.py</a>).
 */
@Command(
    name = "ner",
    mixinStandardHelpOptions = true,
    description = {
      "Finds named entities in each TEXT (token classification).",
      "Prints the Hugging Face pipeline's JSON: a list of entities, or a list of lists when",
      "several texts are given.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit ner \"My name is Wolfgang and I live in Berlin\"",
      "  llmkit ner --aggregation simple --model dslim/bert-base-NER \"Ada met Alan in London\"",
      "  cat article.txt | llmkit ner --aggregation first --stride 32 -",
      "",
      "Output (one line; start/end count Unicode code points, as Python slices the text;",
      "utf16_start/utf16_end count UTF-16 units, as Java and JavaScript do):",
      "  --aggregation none:   [{\"entity\":\"B-PER\",\"score\":0.998,\"index\":4,\"word\":\"Wolfgang\",",
      "                          \"start\":11,\"end\":19,\"utf16_start\":11,\"utf16_end\":19}, ...]",
      "  --aggregation simple: [{\"entity_group\":\"PER\",\"score\":0.998,\"word\":\"Wolfgang\",",
      "                          \"start\":11,\"end\":19,\"utf16_start\":11,\"utf16_end\":19}, ...]",
      "Exit codes: 0 ok, 2 bad input, 3 model not found or not loadable.",
    })
public final class NerCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--aggregation",
      paramLabel = "none|simple|first|average|max",
      defaultValue = "none",
      description =
          "How tokens are fused into entities (Hugging Face aggregation_strategy)."
              + " Default: ${DEFAULT-VALUE}.")
  private String aggregation;

  @Option(
      names = "--stride",
      paramLabel = "N",
      description =
          "Split texts longer than the model window into windows sharing N tokens (needs an"
              + " aggregation other than none). Default: truncate, as Hugging Face does.")
  private Integer stride;

  @Option(
      names = "--ignore-labels",
      paramLabel = "L",
      split = ",",
      defaultValue = "O",
      description =
          "Labels left out of the output, comma-separated; \"\" keeps every label."
              + " Default: ${DEFAULT-VALUE}.")
  private List<String> ignoreLabels;

  @Parameters(
      arity = "1..*",
      paramLabel = "TEXT",
      description = "Texts to label; - reads all of standard input as one text.")
  private List<String> texts;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public NerCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  NerCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  /**
   * The pipeline options the command line asks for.
   *
   * @throws IllegalArgumentException for a bad strategy or stride
   */
  NerOptions options() {
    NerOptions.Builder b =
        NerOptions.builder()
            .aggregationStrategy(AggregationStrategy.parse(aggregation))
            .ignoreLabels(
                ignoreLabels.stream().map(String::strip).filter(l -> !l.isEmpty()).toList());
    if (stride != null) {
      b.stride(stride);
    }
    return b.build();
  }

  @Override
  public Integer call() {
    NerOptions options = options();
    modelOptions.validate();
    List<String> inputs = TextInput.wholeTexts(texts, stdin);
    Path dir = modelOptions.modelDirectory(DefaultTask.NER);
    Placement placement = modelOptions.placement();
    List<List<Entity>> entities;
    try (LoadedModel<TokenClassifier> m =
            LoadedModel.load(dir, placement, EncoderModels::loadTokenClassifier);
        NerPipeline ner =
            NerPipeline.builder()
                .model(m.model())
                .tokenizer(m.tokenizer())
                .manager(m.manager())
                .build()) {
      entities = ner.run(inputs, options);
    }
    List<List<Object>> json = entities.stream().map(NerJson::of).toList();
    CliJson.print(spec.commandLine().getOut(), json.size() == 1 ? json.get(0) : json);
    return 0;
  }
}
