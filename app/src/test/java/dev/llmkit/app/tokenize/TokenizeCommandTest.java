package dev.llmkit.app.tokenize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.app.Main;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The {@code llmkit tokenize} command, run in-process with captured output. */
class TokenizeCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return run(Main.commandLine(), args);
  }

  private int run(CommandLine commandLine, String... args) {
    commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  @Test
  void defaultTableShowsPositionTokenIdSpanAndSpecialTokens() {
    int code = run("tokenize", "Unaffable text");

    assertThat(code).isZero();
    String table = out.toString();
    assertThat(table).contains("bert-base-cased (WordPiece, 28,996 tokens in the vocabulary)");
    assertThat(table).containsPattern("0 \\[CLS\\] +101 -");
    assertThat(table).contains("special");
    assertThat(table).contains("##").contains("continues the previous piece");
    assertThat(table).contains("What you are looking at:");
    assertThat(table).contains("ids: [101, ");
  }

  @Test
  void gpt2TableExplainsLeadingSpacesAndUtf8Bytes() {
    assertThat(run("tokenize", "--model", "gpt2", "café 😀")).isZero();

    String table = out.toString();
    assertThat(table).contains("Ġ = leading space");
    assertThat(table).contains("c3 a9 = \"é\"");
    assertThat(table).contains("= part of \"😀\"");
    assertThat(table).contains("Ġ is the space before the word");
  }

  @Test
  void unknownWordsAreExplained() {
    assertThat(run("tokenize", "--model", "bert-base-uncased", "hello 😀")).isZero();
    assertThat(out.toString()).contains("[UNK]").contains("\"😀\" is not in the vocabulary");
  }

  @Test
  void compareShowsWordPieceAndByteLevelBpeSideBySide() {
    assertThat(run("tokenize", "--compare", "Tokenizers split words")).isZero();

    String text = out.toString();
    assertThat(text).contains("The same 22 characters, two ways:");
    assertThat(text).contains("WordPiece:").contains("byte-level BPE:");
    assertThat(text).containsPattern("bert-base-cased +id +span +\\| gpt2");
    assertThat(text).contains("gpt2 (byte-level BPE, 50,257 tokens in the vocabulary)");
  }

  @Test
  void jsonHasTeiTokenFieldsWithCodePointAndUtf16Offsets() throws Exception {
    assertThat(run("tokenize", "--model", "bert-base-uncased", "--json", "😀 hello world"))
        .isZero();

    JsonNode result = new ObjectMapper().readTree(out.toString()).get(0);
    assertThat(result.get("model").asText()).isEqualTo("bert-base-uncased");
    assertThat(result.get("ids").toString()).isEqualTo("[101,100,7592,2088,102]");
    JsonNode cls = result.get("tokens").get(0);
    assertThat(cls.get("special").asBoolean()).isTrue();
    assertThat(cls.get("start").isNull()).isTrue();
    JsonNode hello = result.get("tokens").get(2);
    assertThat(hello.get("text").asText()).isEqualTo("hello");
    assertThat(hello.get("special").asBoolean()).isFalse();
    assertThat(hello.get("start").asInt()).isEqualTo(2); // code points: 😀 counts once
    assertThat(hello.get("stop").asInt()).isEqualTo(7);
    assertThat(hello.get("utf16_start").asInt()).isEqualTo(3); // UTF-16: 😀 is two units
    assertThat(hello.get("utf16_end").asInt()).isEqualTo(8);
    assertThat(result.has("windows")).isFalse();
  }

  @Test
  void jsonWithCompareHasOneResultPerTokenizer() throws Exception {
    assertThat(run("tokenize", "--compare", "--json", "Hello world")).isZero();

    JsonNode results = new ObjectMapper().readTree(out.toString());
    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("ids").toString()).isEqualTo("[15496,995]");
  }

  @Test
  void windowsAreShownAsOverlappingRanges() throws Exception {
    String text = "one two three four five six seven eight nine ten eleven twelve";
    assertThat(run("tokenize", "--model", "gpt2", "--max-length", "5", "--stride", "2", text))
        .isZero();

    assertThat(out.toString())
        .contains("consecutive windows share 2 tokens")
        .contains("window 0: text tokens 0-4")
        .contains("window 1: text tokens 3-7")
        .contains("(tokens 3-4 repeat window 0)");
  }

  @Test
  void jsonWindowsCarryTheirOwnTokens() throws Exception {
    assertThat(
            run("tokenize", "--json", "--max-length", "6", "--stride", "1", "a b c d e f g h i j"))
        .isZero();

    JsonNode windows = new ObjectMapper().readTree(out.toString()).get(0).get("windows");
    assertThat(windows.size()).isGreaterThan(1);
    assertThat(windows.get(0).get("ids").size()).isEqualTo(6);
  }

  @Test
  void dashReadsTheTextFromStandardInput() throws Exception {
    byte[] input = "hello world\n".getBytes(StandardCharsets.UTF_8);
    CommandLine command = new CommandLine(new TokenizeCommand(new ByteArrayInputStream(input)));

    assertThat(run(command, "--model", "bert-base-uncased", "--json", "-")).isZero();

    JsonNode result = new ObjectMapper().readTree(out.toString()).get(0);
    assertThat(result.get("ids").toString()).isEqualTo("[101,7592,2088,102]");
  }

  @Test
  void aMissingModelDirectoryIsAClearErrorWithExitCodeOne() {
    assertThat(run("tokenize", "--model", "/no/such/model", "text")).isEqualTo(1);
    assertThat(err.toString()).contains("no model directory \"/no/such/model\"");
  }

  @Test
  void strideWithoutMaxLengthIsAUsageError() {
    assertThat(run("tokenize", "--stride", "2", "text")).isEqualTo(2);
    assertThat(err.toString()).contains("--stride needs --max-length");
  }

  @Test
  void aStrideTooLargeForTheWindowIsAClearError() {
    assertThat(run("tokenize", "--max-length", "4", "--stride", "3", "a b c d e f g h"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("stride (3) must be smaller");
  }

  @Test
  void helpDocumentsTheJsonShape() {
    assertThat(run("tokenize", "--help")).isZero();
    assertThat(out.toString()).contains("\"utf16_start\"").contains("code points");
  }
}
