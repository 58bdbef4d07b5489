package dev.llmkit.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class NerEvaluatorTest {

  private static List<List<String>> sentences(String... lines) {
    return java.util.Arrays.stream(lines).map(l -> List.of(l.split(" "))).toList();
  }

  @Test
  void iAfterOStartsAChunk() {
    assertThat(NerEvaluator.entities(sentences("O I-PER I-PER O")))
        .containsExactly(new Entity(0, "PER", 1, 2));
  }

  @Test
  void aTypeSwitchInsideAChunkStartsANewChunk() {
    assertThat(NerEvaluator.entities(sentences("B-PER I-PER I-LOC I-LOC O")))
        .containsExactly(new Entity(0, "PER", 0, 1), new Entity(0, "LOC", 2, 3));
  }

  @Test
  void bAlwaysStartsAChunk() {
    assertThat(NerEvaluator.entities(sentences("B-PER B-PER I-PER")))
        .containsExactly(new Entity(0, "PER", 0, 0), new Entity(0, "PER", 1, 2));
  }

  @Test
  void aChunkEndsAtTheSentenceEnd() {
    // The I-ORG that opens the second sentence does not continue the first sentence's chunk.
    assertThat(NerEvaluator.entities(sentences("O B-ORG", "I-ORG O")))
        .containsExactly(new Entity(0, "ORG", 1, 1), new Entity(1, "ORG", 0, 0));
  }

  @Test
  void iob1InputIsChunkedLikeIob2() {
    assertThat(NerEvaluator.entities(sentences("I-PER I-PER B-PER O I-LOC")))
        .containsExactly(
            new Entity(0, "PER", 0, 1), new Entity(0, "PER", 2, 2), new Entity(0, "LOC", 4, 4));
  }

  @Test
  void scoresMatchHandComputedConllevalCounts() {
    List<List<String>> gold =
        sentences(
            "B-PER I-PER O B-LOC", // PER(0-1) LOC(3)
            "B-ORG I-ORG I-ORG O", // ORG(0-2)
            "O B-MISC O B-PER"); // MISC(1) PER(3)
    List<List<String>> predicted =
        sentences(
            "B-PER I-PER O B-ORG", // PER(0-1) correct; ORG(3) wrong type
            "B-ORG I-ORG O O", // ORG(0-1) wrong span
            "O I-MISC O B-PER"); // MISC(1) correct (I after O); PER(3) correct
    // gold 5, predicted 5, correct 3.
    NerScores scores = NerEvaluator.evaluate(gold, predicted);

    assertThat(scores.overall().gold()).isEqualTo(5);
    assertThat(scores.overall().predicted()).isEqualTo(5);
    assertThat(scores.overall().correct()).isEqualTo(3);
    assertThat(scores.overall().precision()).isCloseTo(0.6, within(1e-12));
    assertThat(scores.overall().recall()).isCloseTo(0.6, within(1e-12));
    assertThat(scores.overall().f1()).isCloseTo(0.6, within(1e-12));
    assertThat(scores.perType()).containsOnlyKeys("LOC", "MISC", "ORG", "PER");
    assertThat(scores.perType().get("PER")).isEqualTo(EntityScores.of(2, 2, 2));
    assertThat(scores.perType().get("LOC")).isEqualTo(new EntityScores(0, 0, 0, 1, 0, 0));
    // ORG: gold 1, predicted 2 (ORG(0-1), ORG(3)), correct 0.
    assertThat(scores.perType().get("ORG")).isEqualTo(new EntityScores(0, 0, 0, 1, 2, 0));
    assertThat(scores.perType().get("MISC").f1()).isEqualTo(1.0);
    // 12 tokens; differing tags: s0 t3, s1 t2, s2 t1 (I-MISC vs B-MISC) -> 9/12.
    assertThat(scores.tokenAccuracy()).isCloseTo(0.75, within(1e-12));
    assertThat(scores.tokens()).isEqualTo(12);
  }

  @Test
  void aTypeSwitchInsideAPredictedChunkCostsPrecisionAndRecall() {
    NerScores scores = NerEvaluator.evaluate(sentences("B-PER I-PER"), sentences("B-PER I-LOC"));
    // predicted PER(0) and LOC(1); gold PER(0-1): nothing correct.
    assertThat(scores.overall()).isEqualTo(new EntityScores(0, 0, 0, 1, 2, 0));
  }

  @Test
  void unequalPrecisionAndRecallGiveTheirHarmonicMean() {
    NerScores scores =
        NerEvaluator.evaluate(sentences("B-PER O B-LOC O B-ORG"), sentences("B-PER O O O O"));
    // P = 1/1, R = 1/3, F1 = 2 * 1 * (1/3) / (4/3) = 0.5
    assertThat(scores.overall().precision()).isEqualTo(1.0);
    assertThat(scores.overall().recall()).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(scores.overall().f1()).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void rendersJsonInSeqevalsShape() throws Exception {
    String json =
        NerEvaluator.evaluate(sentences("B-PER O B-LOC"), sentences("B-PER O O")).toJson();
    com.fasterxml.jackson.databind.JsonNode tree =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
    assertThat(tree.get("PER").get("f1").asDouble()).isEqualTo(1.0);
    assertThat(tree.get("PER").get("number").asLong()).isEqualTo(1);
    assertThat(tree.get("LOC").get("recall").asDouble()).isEqualTo(0.0);
    assertThat(tree.get("overall_precision").asDouble()).isEqualTo(1.0);
    assertThat(tree.get("overall_recall").asDouble()).isEqualTo(0.5);
    assertThat(tree.get("overall_accuracy").asDouble()).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(tree.has("perType")).isFalse();
  }

  @Test
  void rejectsMisalignedInput() {
    assertThatThrownBy(() -> NerEvaluator.evaluate(sentences("O O"), sentences("O")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentence 0");
    assertThatThrownBy(() -> NerEvaluator.evaluate(sentences("PER"), sentences("O")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PER");
  }
}
