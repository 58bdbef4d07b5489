package dev.llmkit.app.generate;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.app.cli.TextInput;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import dev.llmkit.inference.generation.GenerationDefaults;
import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.TextCodec;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.generation.TokenStreamListener;
import dev.llmkit.inference.generation.TopToken;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.tokenization.Tokenizer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit generate}: continues a prompt with a GPT-2 model, greedy or sampled, in the shape
 * of Hugging Face's text generation (<a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/text_generation.py">text_generation.py</a>,
 * details as in text-generation-inference).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Continues PROMPT with a GPT-2 model, sampled or greedy.",
      "Sampled with --temperature, --top-k, --top-p or --seed, greedy with --greedy; otherwise",
      "as the model's generation_config.json says (greedy when it has none). The bundled",
      "default model samples (see its model card).",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit generate --max-new-tokens 40 \"It was a dark and stormy night\"",
      "  llmkit generate --temperature 0.8 --top-p 0.95 --seed 7 --stop \".\" \"The captain said\"",
      "  echo \"Once upon a time\" | llmkit generate --model gpt2 --stream -",
      "",
      "Output (one line):",
      "  {\"generated_text\":\"It was a dark and stormy night, and ...\",",
      "   \"details\":{\"finish_reason\":\"length\",\"tokens\":[11,290,...]}}",
      "finish_reason is length, eos_token or stop_sequence; tokens are the generated ids",
      "(eos and the tokens of a stop sequence included); generated_text starts with the prompt",
      "unless --no-full-text, and is cut before a stop sequence.",
      "--stream writes the text to stdout as it is generated (the prompt first, unless",
      "--no-full-text; not cut at a stop sequence), then a newline, then the JSON above as",
      "the last line: `llmkit generate --stream ... | tail -n 1` is the JSON.",
      "Exit codes: 0 ok, 2 bad input, 3 model not found or not loadable.",
    })
public final class GenerateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "At most N new tokens. Default: the model's max_new_tokens, else 20.")
  private Integer maxNewTokens;

  @Option(names = "--greedy", description = "Always take the most likely token.")
  private boolean greedy;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "Sample, dividing the logits by T. Default: the model's, else 1.0.")
  private Double temperature;

  @Option(
      names = "--top-k",
      paramLabel = "K",
      description =
          "Sample among the K most likely tokens (0: all). Default: the model's, else 50.")
  private Integer topK;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      description =
          "Sample among the most likely tokens whose probability reaches P. Default: the"
              + " model's, else 1.0.")
  private Double topP;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description = "Sample with this seed: the same seed gives the same text.")
  private Long seed;

  @Option(
      names = "--repetition-penalty",
      paramLabel = "R",
      description =
          "Penalize tokens already in the text (> 1 repeats less). Default: the model's, else 1.0.")
  private Double repetitionPenalty;

  @Option(
      names = "--stop",
      paramLabel = "S",
      description = "Stop when the text contains S (repeatable); S is cut from generated_text.")
  private List<String> stop = List.of();

  @Option(
      names = "--full-text",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Start generated_text with the prompt (--no-full-text: new text only).")
  private boolean fullText;

  @Option(
      names = "--top-n-tokens",
      paramLabel = "N",
      description =
          "Add details.top_tokens: at each step the N most likely tokens (TGI's top_n_tokens,"
              + " at most 20) with their log-probabilities under the model.")
  private int topNTokens;

  @Option(names = "--stream", description = "Print the text as it is generated, then the JSON.")
  private boolean stream;

  @Parameters(
      arity = "1",
      paramLabel = "PROMPT",
      description = "The text to continue; - reads all of standard input.")
  private String prompt;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public GenerateCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  GenerateCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  /**
   * The decoding options the command line asks for, over the model's own defaults.
   *
   * @throws ParameterException when --greedy is combined with sampling options
   * @throws IllegalArgumentException for values out of range
   */
  GenerationOptions options(GenerationDefaults modelDefaults) {
    boolean sampling = temperature != null || topK != null || topP != null || seed != null;
    if (greedy && sampling) {
      throw new ParameterException(
          spec.commandLine(),
          "--greedy cannot be combined with --temperature, --top-k, --top-p" + " or --seed");
    }
    GenerationDefaults commandLine =
        new GenerationDefaults(
            maxNewTokens,
            greedy || sampling ? sampling : null,
            temperature,
            topK,
            topP,
            repetitionPenalty);
    return commandLine
        .orElse(modelDefaults)
        .builder()
        .stop(stop)
        .returnFullText(fullText)
        .seed(seed)
        .topNTokens(topNTokens)
        .build();
  }

  @Override
  public Integer call() {
    options(GenerationDefaults.NONE); // bad options are reported before any model is read
    modelOptions.validate();
    String text = TextInput.wholeTexts(List.of(prompt), stdin).get(0);
    Path dir = modelOptions.modelDirectory(DefaultTask.GENERATION);
    GenerationOptions options = options(GenerationDefaults.read(dir));
    Placement placement = modelOptions.placement();
    if (placement.precision() != Precision.FLOAT32) {
      throw new IllegalArgumentException("generate runs GPT-2 in float32 only; drop --dtype");
    }
    PrintWriter out = spec.commandLine().getOut();
    GenerationResult result;
    List<List<TopToken>> topTokens = new ArrayList<>();
    try (LoadedModel<Gpt2Model> m = LoadedModel.load(dir, placement, Gpt2Model::load)) {
      Gpt2Model model = m.model();
      Tokenizer tokenizer = m.tokenizer();
      TextGenerator generator =
          TextGenerator.builder().model(model).codec(TextCodec.of(tokenizer)).build();
      if (stream && fullText) {
        out.print(text);
        out.flush();
      }
      TokenStreamListener listener =
          token -> {
            if (!token.topTokens().isEmpty()) {
              topTokens.add(token.topTokens());
            }
            if (stream) {
              out.print(token.text());
              out.flush();
            }
            return TokenStreamListener.Action.CONTINUE;
          };
      result = generator.generate(text, options, listener).get(0);
    }
    if (stream) {
      out.println();
    }
    CliJson.print(out, GenerateJson.of(result, topTokens));
    return 0;
  }
}
