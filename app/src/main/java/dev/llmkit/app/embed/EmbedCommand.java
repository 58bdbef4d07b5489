package dev.llmkit.app.embed;

import dev.llmkit.app.cli.CliJson;
import dev.llmkit.app.cli.ModelOptions;
import dev.llmkit.app.cli.TextInput;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.Pooling;
import dev.llmkit.inference.runtime.LoadedModel;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit embed}: sentence embeddings, as Hugging Face's feature-extraction API returns them
 * for a sentence-transformers model (one pooled vector per text).
 */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = {
      "Embeds each TEXT as one unit-length vector (mean or CLS pooling).",
      "Prints a JSON list of vectors, one per text, in input order.",
      "Default model: all-MiniLM-L6-v2 (384 dimensions), offline.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit embed \"A man is eating food.\" \"A man is eating a piece of bread.\"",
      "  llmkit embed --model BAAI/bge-small-en-v1.5 --pooling cls \"query: what is llmkit?\"",
      "  cat sentences.txt | llmkit embed --truncate -",
      "",
      "Output (one line): [[0.0123,-0.0456,...],[...]]",
      "Texts longer than the model's maximum length are an error unless --truncate.",
      "Exit codes: 0 ok, 2 bad input (e.g. too long), 3 model not found or not loadable.",
    })
public final class EmbedCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private ModelOptions modelOptions;

  @Option(
      names = "--pooling",
      paramLabel = "mean|cls",
      defaultValue = "mean",
      description = "How token vectors become one vector. Default: ${DEFAULT-VALUE}.")
  private String pooling;

  @Option(names = "--no-normalize", description = "Keep the pooled vectors' length.")
  private boolean noNormalize;

  @Option(names = "--truncate", description = "Cut texts longer than the model accepts.")
  private boolean truncate;

  @Parameters(
      arity = "1..*",
      paramLabel = "TEXT",
      description = "Texts to embed; - reads standard input, one text per non-blank line.")
  private List<String> texts;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public EmbedCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  EmbedCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  /** The pipeline options the command line asks for. */
  EmbeddingOptions options() {
    Pooling mode =
        switch (pooling.strip().toLowerCase(Locale.ROOT)) {
          case "mean" -> Pooling.MEAN;
          case "cls" -> Pooling.CLS;
          default ->
              throw new IllegalArgumentException(
                  "unknown --pooling '" + pooling + "'; expected mean or cls");
        };
    return EmbeddingOptions.builder()
        .pooling(mode)
        .normalize(!noNormalize)
        .truncate(truncate)
        .build();
  }

  @Override
  public Integer call() {
    EmbeddingOptions options = options();
    modelOptions.validate();
    List<String> inputs = TextInput.lines(texts, stdin);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no text to embed (standard input was empty)");
    }
    Path dir = modelOptions.modelDirectory(DefaultTask.EMBEDDINGS);
    Placement placement = modelOptions.placement();
    List<Embedding> embeddings;
    try (LoadedModel<Encoder> m = LoadedModel.load(dir, placement, EncoderModels::loadEncoder);
        EmbeddingPipeline embed =
            EmbeddingPipeline.builder()
                .model(m.model())
                .tokenizer(m.tokenizer())
                .manager(m.manager())
                .build()) {
      embeddings = embed.embed(inputs, options);
    }
    CliJson.print(spec.commandLine().getOut(), embeddings.stream().map(Embedding::vector).toList());
    return 0;
  }
}
