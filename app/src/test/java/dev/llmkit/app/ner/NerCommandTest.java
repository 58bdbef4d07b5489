package dev.llmkit.app.ner;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TestModels;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.tokenization.Tokenizer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code llmkit ner} on a tiny random BERT token classifier, against the pipeline API. */
class NerCommandTest {

  private static final Path MODEL = TestModels.tinyBert();
  private static final String DIR = MODEL.toString();

  // "😀" is one code point but two UTF-16 units: every later offset differs by one.
  private static final String EMOJI_TEXT = "😀 ada lives in paris";

  private static List<List<Entity>> library(List<String> texts, NerOptions options) {
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(MODEL);
        TokenClassifier model = EncoderModels.loadTokenClassifier(MODEL, base);
        NerPipeline ner =
            NerPipeline.builder().model(model).tokenizer(tokenizer).manager(base).build()) {
      return ner.run(texts, options);
    }
  }

  private static void assertSameEntities(JsonNode json, List<Entity> expected) {
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode n = json.get(i);
      Entity e = expected.get(i);
      assertThat(n.get(e.isGroup() ? "entity_group" : "entity").asText()).isEqualTo(e.entity());
      assertThat(n.get("score").asDouble()).isEqualTo(e.score());
      assertThat(n.get("word").asText()).isEqualTo(e.word());
      assertThat(n.get("start").asInt()).isEqualTo(e.start());
      assertThat(n.get("end").asInt()).isEqualTo(e.end());
      assertThat(n.get("utf16_start").asInt()).isEqualTo(e.utf16Start());
      assertThat(n.get("utf16_end").asInt()).isEqualTo(e.utf16End());
      if (!e.isGroup()) {
        assertThat(n.get("index").asInt()).isEqualTo(e.index().getAsInt());
      }
    }
  }

  private static JsonNode tokenNamed(JsonNode entities, String word) {
    for (JsonNode n : entities) {
      if (n.get("word").asText().equals(word)) {
        return n;
      }
    }
    throw new AssertionError("no token " + word + " in " + entities);
  }

  @Test
  void tokensHaveHuggingFaceFieldsAndEqualThePipeline() {
    CliRun run = CliRun.of("ner", "--model", DIR, "--ignore-labels", "", EMOJI_TEXT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json).isNotEmpty();
    for (JsonNode n : json) {
      assertThat(CliRun.fieldNames(n))
          .containsExactly(
              "entity", "score", "index", "word", "start", "end", "utf16_start", "utf16_end");
    }
    NerOptions all = NerOptions.builder().ignoreLabels(List.of()).build();
    assertSameEntities(json, library(List.of(EMOJI_TEXT), all).get(0));
  }

  @Test
  void offsetsAfterAnEmojiAreCodePointsInStartAndUtf16UnitsInUtf16Start() {
    JsonNode json = CliRun.of("ner", "--model", DIR, "--ignore-labels", "", EMOJI_TEXT).json();

    JsonNode ada = tokenNamed(json, "ada");
    assertThat(List.of(ada.get("start").asInt(), ada.get("end").asInt())).containsExactly(2, 5);
    assertThat(List.of(ada.get("utf16_start").asInt(), ada.get("utf16_end").asInt()))
        .containsExactly(3, 6);
    JsonNode paris = tokenNamed(json, "paris");
    assertThat(List.of(paris.get("start").asInt(), paris.get("end").asInt()))
        .containsExactly(15, 20);
    assertThat(
            EMOJI_TEXT.substring(paris.get("utf16_start").asInt(), paris.get("utf16_end").asInt()))
        .isEqualTo("paris");
  }

  @Test
  void aggregatedEntitiesAreGroupsAndEqualThePipeline() {
    CliRun run =
        CliRun.of(
            "ner", "--model", DIR, "--aggregation", "simple", "--ignore-labels", "", EMOJI_TEXT);

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json).isNotEmpty();
    for (JsonNode n : json) {
      assertThat(CliRun.fieldNames(n))
          .containsExactly(
              "entity_group", "score", "word", "start", "end", "utf16_start", "utf16_end");
    }
    NerOptions simple =
        NerOptions.builder().aggregationStrategy("simple").ignoreLabels(List.of()).build();
    assertSameEntities(json, library(List.of(EMOJI_TEXT), simple).get(0));
  }

  @Test
  void severalTextsGiveOneListEachEqualToABatchedPipelineCall() {
    List<String> texts = List.of("alan met ada in london", "who lives in berlin?", EMOJI_TEXT);
    CliRun run =
        CliRun.of(
            "ner",
            "--model",
            DIR,
            "--aggregation",
            "first",
            "--stride",
            "4",
            "--ignore-labels",
            "O,B-LOC",
            texts.get(0),
            texts.get(1),
            texts.get(2));

    assertThat(run.exitCode()).as(run.err()).isZero();
    NerOptions options =
        NerOptions.builder()
            .aggregationStrategy("first")
            .stride(4)
            .ignoreLabels(List.of("O", "B-LOC"))
            .build();
    List<List<Entity>> expected = library(texts, options);
    JsonNode json = run.json();
    assertThat(json).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertSameEntities(json.get(i), expected.get(i));
    }
  }

  @Test
  void dashReadsTheWholeOfStandardInputAsOneText() {
    var stdin = new ByteArrayInputStream((EMOJI_TEXT + "\n").getBytes(StandardCharsets.UTF_8));
    CliRun fromStdin =
        CliRun.command(new NerCommand(stdin), "--model", DIR, "--ignore-labels", "", "-");
    CliRun fromArgs = CliRun.of("ner", "--model", DIR, "--ignore-labels", "", EMOJI_TEXT);

    assertThat(fromStdin.exitCode()).as(fromStdin.err()).isZero();
    assertThat(fromStdin.out()).isEqualTo(fromArgs.out());
  }

  @Test
  void strideWithoutAggregationIsBadInputOnOneLine() {
    CliRun run = CliRun.of("ner", "--model", DIR, "--stride", "4", "ada");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().strip()).doesNotContain("\n").contains("aggregation_strategy");
  }

  @Test
  void unknownAggregationIsBadInput() {
    CliRun run = CliRun.of("ner", "--model", DIR, "--aggregation", "mode", "ada");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("none, simple, first, average, max");
  }

  @Test
  void missingModelDirectoryIsAModelProblemWithoutStackTrace() {
    CliRun run = CliRun.of("ner", "--model", "/no/such/model/dir", "ada");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).startsWith("llmkit ner: ").doesNotContain("\tat ");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRun run = CliRun.of("ner", "--verbose", "--model", "/no/such/model/dir", "ada");

    assertThat(run.exitCode()).isEqualTo(3);
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void withoutModelTheBundledDefaultFindsPeopleAndPlaces() {
    CliRun run = CliRun.of("ner", "--aggregation", "simple", "Ada Lovelace lived in London.");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("\"entity_group\":\"PER\"")
        .contains("\"word\":\"Ada Lovelace\"")
        .contains("\"entity_group\":\"LOC\"")
        .contains("\"word\":\"London\"");
  }

  @Test
  void helpShowsExamplesAndTheOutputShape() {
    CliRun run = CliRun.of("ner", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Examples:")
        .contains("--aggregation")
        .contains("\"entity_group\"")
        .contains("utf16_start")
        .contains("code points");
  }
}
