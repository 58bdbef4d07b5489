package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vocabulary-file path ({@code vocab.txt}; {@code vocab.json} + {@code merges.txt}) builds the
 * same tokenizer as the published {@code tokenizer.json}: byte for byte, and encoding for encoding
 * on 1,100 lines of SQuAD and novels. The vocabulary files are cut out of the published JSON.
 */
class VocabFilesEquivalenceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void wordPieceJsonBuiltFromVocabTxtIsByteIdenticalToThePublishedOne() throws IOException {
    String published =
        resource("/dev/llmkit/tokenization/embedded/bert-base-uncased/tokenizer.json");
    writeVocabTxt(published, dir);
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"do_lower_case\": true}");

    assertThat(TokenizerFiles.load(TokenizerFiles.directory(dir)).tokenizerJson())
        .isEqualTo(published);
  }

  @Test
  void vocabTxtWithoutConfigIsLowerCasedAsBertTokenizerDefaults() throws IOException {
    String published =
        resource("/dev/llmkit/tokenization/embedded/bert-base-uncased/tokenizer.json");
    writeVocabTxt(published, dir);

    assertThat(TokenizerFiles.load(TokenizerFiles.directory(dir)).tokenizerJson())
        .isEqualTo(published);
  }

  @Test
  void byteLevelJsonBuiltFromVocabJsonAndMergesIsByteIdenticalToThePublishedOne()
      throws IOException {
    String published = resource("/dev/llmkit/tokenization/embedded/gpt2/tokenizer.json");
    writeVocabJsonAndMerges(published, dir);

    assertThat(TokenizerFiles.load(TokenizerFiles.directory(dir)).tokenizerJson())
        .isEqualTo(published);
  }

  @Test
  void casedJsonMatchesTheIndependentConstructionInSources() throws Exception {
    // shared/data/SOURCES.md: the same construction from bert-base-cased/vocab.txt gives 435,797
    // bytes with sha256 a17c4dbf...
    String vocab = resource("/dev/llmkit/tokenization/embedded/bert-base-cased/vocab.txt");
    String json =
        TokenizerFiles.wordPieceJson(
            vocab,
            TokenizerSettings.parse(JSON.readTree("{\"do_lower_case\": false}"), null, null));
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

    assertThat(bytes).hasSize(435_797);
    assertThat(sha256(bytes)).startsWith("a17c4dbf");
  }

  @Test
  void vocabTxtPathGivesTheSameEncodingsAsTokenizerJsonOnFixtureLines() throws IOException {
    String published =
        resource("/dev/llmkit/tokenization/embedded/bert-base-uncased/tokenizer.json");
    writeVocabTxt(published, dir);
    assertSameEncodings("bert-base-uncased", dir, fixtureLines());
  }

  @Test
  void vocabJsonPathGivesTheSameEncodingsAsTokenizerJsonOnFixtureLines() throws IOException {
    String published = resource("/dev/llmkit/tokenization/embedded/gpt2/tokenizer.json");
    writeVocabJsonAndMerges(published, dir);
    assertSameEncodings("gpt2", dir, fixtureLines());
  }

  @Test
  void vocabFilePathsAgreeOnConllSentencesWhenTheSharedDataIsPresent() throws IOException {
    Path conll = Path.of("../../shared/data/conll2003/dev.txt");
    assumeTrue(Files.isRegularFile(conll), "no ../shared/data: CoNLL check skipped");
    List<String> sentences = new ArrayList<>();
    StringBuilder sentence = new StringBuilder();
    for (String line : Files.readAllLines(conll, StandardCharsets.UTF_8)) {
      if (line.isBlank() || line.startsWith("-DOCSTART-")) {
        if (sentence.length() > 0) {
          sentences.add(sentence.toString());
          sentence.setLength(0);
        }
      } else {
        sentence.append(sentence.length() > 0 ? " " : "").append(line.split(" ")[0]);
      }
    }
    List<String> sample = sentences.subList(0, Math.min(1000, sentences.size()));
    Path bert = Files.createDirectory(dir.resolve("bert"));
    writeVocabTxt(
        resource("/dev/llmkit/tokenization/embedded/bert-base-uncased/tokenizer.json"), bert);
    assertSameEncodings("bert-base-uncased", bert, sample);
    Path gpt2 = Files.createDirectory(dir.resolve("gpt2"));
    writeVocabJsonAndMerges(
        resource("/dev/llmkit/tokenization/embedded/gpt2/tokenizer.json"), gpt2);
    assertSameEncodings("gpt2", gpt2, sample);
  }

  private static void assertSameEncodings(String embedded, Path vocabDir, List<String> lines) {
    try (Tokenizer fromJson = Tokenizer.embedded(embedded);
        Tokenizer fromVocab = Tokenizer.fromDirectory(vocabDir)) {
      assertThat(lines).hasSizeGreaterThanOrEqualTo(1000);
      for (String line : lines) {
        Encoding expected = fromJson.encode(line);
        assertThat(fromVocab.encode(line)).as(SpanChecks.abbreviate(line)).isEqualTo(expected);
      }
    }
  }

  static List<String> fixtureLines() throws IOException {
    String text = resource("/fixtures/lines.txt");
    return List.of(text.substring(0, text.length() - 1).split("\n", -1));
  }

  private static void writeVocabTxt(String tokenizerJson, Path target) throws IOException {
    StringBuilder out = new StringBuilder();
    for (String token : tokensById(JSON.readTree(tokenizerJson).get("model").get("vocab"))) {
      out.append(token).append('\n');
    }
    Files.writeString(target.resolve("vocab.txt"), out, StandardCharsets.UTF_8);
  }

  private static void writeVocabJsonAndMerges(String tokenizerJson, Path target)
      throws IOException {
    JsonNode model = JSON.readTree(tokenizerJson).get("model");
    Map<String, Integer> vocab = new LinkedHashMap<>();
    List<String> tokens = tokensById(model.get("vocab"));
    for (int id = 0; id < tokens.size(); id++) {
      vocab.put(tokens.get(id), id);
    }
    Files.writeString(target.resolve("vocab.json"), JSON.writeValueAsString(vocab));
    StringBuilder merges = new StringBuilder("#version: 0.2\n");
    model.get("merges").forEach(m -> merges.append(m.asText()).append('\n'));
    Files.writeString(target.resolve("merges.txt"), merges, StandardCharsets.UTF_8);
  }

  private static List<String> tokensById(JsonNode vocab) {
    String[] tokens = new String[vocab.size()];
    vocab.properties().forEach(e -> tokens[e.getValue().asInt()] = e.getKey());
    return List.of(tokens);
  }

  static String resource(String name) throws IOException {
    try (InputStream in = VocabFilesEquivalenceTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String sha256(byte[] bytes) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
