package dev.llmkit.app.tokenize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmkit.server.tokenize.TokenReport;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.tokenization.TokenizerException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code llmkit tokenize}: shows how a tokenizer splits text, token by token. */
@Command(
    name = "tokenize",
    mixinStandardHelpOptions = true,
    description = {
      "Shows how a tokenizer splits TEXT into tokens, ids and offsets.",
      "Each token: position, token, id, character span, special or not.",
      "Explains ## continuation pieces, Ġ (a leading space), UTF-8 byte pieces and [UNK].",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit tokenize \"Tokenizers split naïve text into pieces.\"",
      "  llmkit tokenize --compare \"Déjà vu 😀\"",
      "  llmkit tokenize --model gpt2 --max-length 16 --stride 4 \"a long text ...\"",
      "  echo \"hello world\" | llmkit tokenize --model bert-base-uncased --json -",
      "",
      "--json prints a JSON array with one object per tokenizer (two with --compare):",
      "  [{\"model\": \"bert-base-uncased\", \"kind\": \"WORDPIECE\",",
      "    \"ids\": [101, 7592, 2088, 102],",
      "    \"tokens\": [",
      "      {\"id\": 101, \"text\": \"[CLS]\", \"token\": \"[CLS]\", \"special\": true,",
      "       \"start\": null, \"stop\": null, \"utf16_start\": null, \"utf16_end\": null},",
      "      {\"id\": 7592, \"text\": \"hello\", \"token\": \"hello\", \"special\": false,",
      "       \"start\": 0, \"stop\": 5, \"utf16_start\": 0, \"utf16_end\": 5}, ...],",
      "    \"windows\": [{\"ids\": [...], \"tokens\": [...]}, ...]}]",
      "Each token has the fields of Hugging Face TEI's /tokenize (id, text, special,",
      "start, stop); start/stop count Unicode code points (as Python and Hugging Face",
      "do), utf16_start/utf16_end count UTF-16 units (as Java and JavaScript do).",
      "Special tokens the tokenizer inserts have null offsets. \"windows\" appears",
      "only with --max-length.",
    })
public final class TokenizeCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "DIR|NAME",
      defaultValue = "bert-base-cased",
      description =
          "A model directory (tokenizer.json, vocab.txt, or vocab.json + merges.txt) or an"
              + " embedded tokenizer: bert-base-cased, bert-base-uncased, gpt2."
              + " Default: ${DEFAULT-VALUE}.")
  private String model;

  @Option(
      names = "--compare",
      description = "Show WordPiece (bert-base-cased) and byte-level BPE (gpt2) side by side.")
  private boolean compare;

  @Option(names = "--json", description = "Print JSON (shape below) instead of a table.")
  private boolean json;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      description = "Split the text into windows of at most N tokens (special tokens included).")
  private Integer maxLength;

  @Option(
      names = "--stride",
      paramLabel = "N",
      description = "Tokens shared by consecutive windows (needs --max-length). Default: 0.")
  private Integer stride;

  @Parameters(
      arity = "1..*",
      paramLabel = "TEXT",
      description = "The text (several words are joined with spaces); - reads standard input.")
  private List<String> words;

  private final InputStream stdin;

  /** The command reading standard input for {@code -}. */
  public TokenizeCommand() {
    this(System.in);
  }

  /** The command reading {@code stdin} for {@code -}; for tests. */
  TokenizeCommand(InputStream stdin) {
    this.stdin = stdin;
  }

  @Override
  public Integer call() throws IOException {
    if (stride != null && maxLength == null) {
      throw new ParameterException(spec.commandLine(), "--stride needs --max-length");
    }
    if ((maxLength != null && maxLength <= 0) || (stride != null && stride < 0)) {
      throw new ParameterException(
          spec.commandLine(), "--max-length must be > 0 and --stride >= 0");
    }
    String text = readText();
    PrintWriter out = spec.commandLine().getOut();
    List<Tokenizer> tokenizers = new ArrayList<>();
    try {
      tokenizers.add(open(model));
      if (compare) {
        boolean wordPiece = tokenizers.get(0).kind() == Tokenizer.Kind.WORDPIECE;
        tokenizers.add(Tokenizer.embedded(wordPiece ? "gpt2" : "bert-base-cased"));
      }
      if (json) {
        printJson(out, tokenizers, text);
      } else {
        printTables(out, tokenizers, text);
      }
      out.flush();
      return 0;
    } catch (TokenizerException | IllegalArgumentException e) {
      spec.commandLine().getErr().println("llmkit tokenize: " + e.getMessage());
      return 1;
    } finally {
      tokenizers.forEach(Tokenizer::close);
    }
  }

  private void printTables(PrintWriter out, List<Tokenizer> tokenizers, String text) {
    if (tokenizers.size() == 2) {
      Tokenizer a = tokenizers.get(0);
      Tokenizer b = tokenizers.get(1);
      TokenTable.printComparison(out, text, a, a.encode(text), b, b.encode(text));
      out.println();
    }
    for (Tokenizer tokenizer : tokenizers) {
      TokenTable.print(out, tokenizer, text, tokenizer.encode(text));
      if (maxLength != null) {
        TokenTable.printWindows(out, tokenizer, text, windows(tokenizer, text), strideOrZero());
      }
      out.println();
    }
  }

  private void printJson(PrintWriter out, List<Tokenizer> tokenizers, String text)
      throws IOException {
    List<TokenReport.Result> results = new ArrayList<>();
    for (Tokenizer tokenizer : tokenizers) {
      List<Encoding> windows = maxLength == null ? null : windows(tokenizer, text);
      results.add(TokenReport.of(tokenizer, text, tokenizer.encode(text), windows));
    }
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    out.println(mapper.writeValueAsString(results));
  }

  private List<Encoding> windows(Tokenizer tokenizer, String text) {
    return tokenizer.encodeWindows(text, maxLength, strideOrZero());
  }

  private int strideOrZero() {
    return stride == null ? 0 : stride;
  }

  private String readText() throws IOException {
    if (words.size() == 1 && words.get(0).equals("-")) {
      String text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text; // echo's newline
    }
    return String.join(" ", words);
  }

  private static Tokenizer open(String model) {
    if (Tokenizer.EMBEDDED_NAMES.contains(model)) {
      return Tokenizer.embedded(model);
    }
    Path dir = Path.of(model);
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(
          "no model directory \""
              + model
              + "\"; give a directory or one of "
              + Tokenizer.EMBEDDED_NAMES);
    }
    return Tokenizer.fromDirectory(dir);
  }
}
