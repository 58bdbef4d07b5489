package dev.llmkit.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.inference.data.SquadAnswer;
import dev.llmkit.inference.data.SquadExample;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SquadEvaluatorTest {

  @Test
  void normalisationLowerCasesAndStripsAsciiPunctuation() {
    assertThat(SquadEvaluator.normalize("Denver Broncos!")).isEqualTo("denver broncos");
    assertThat(SquadEvaluator.normalize("O'Neil's (1990) \"score\""))
        .isEqualTo("oneils 1990 score");
    assertThat(SquadEvaluator.normalize("$3.5-million")).isEqualTo("35million");
  }

  @Test
  void normalisationStripsArticlesOnlyAsWholeWords() {
    assertThat(SquadEvaluator.normalize("The Theatre and an Anthem, a day"))
        .isEqualTo("theatre and anthem day");
    // Punctuation goes first, so "the," still loses its article.
    assertThat(SquadEvaluator.normalize("the, cat")).isEqualTo("cat");
  }

  @Test
  void normalisationKeepsNonAsciiPunctuationAndCollapsesUnicodeWhitespace() {
    // Curly quotes and the en dash are not in string.punctuation; U+00A0 and U+3000 are
    // whitespace to Python's str.split().
    assertThat(SquadEvaluator.normalize("\u201CÉcole\u201D\u00A0\u2013\u3000Zürich"))
        .isEqualTo("\u201Cécole\u201D \u2013 zürich");
  }

  @Test
  void f1CountsTheMultisetOverlapOfTokens() {
    // pred [cat, sat], gold [cat, sat, down]: P = 1, R = 2/3, F1 = 0.8
    assertThat(SquadEvaluator.f1("the cat sat", "a cat sat down")).isCloseTo(0.8, within(1e-12));
    // pred [x, x, y], gold [x, y, y]: overlap min(2,1) + min(1,2) = 2, P = R = 2/3
    assertThat(SquadEvaluator.f1("x x y", "x y y")).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(SquadEvaluator.f1("dog", "cat")).isZero();
    // v1.1: two answers that normalise to nothing share no token, so F1 is 0 while EM is 1.
    assertThat(SquadEvaluator.f1("the", "a")).isZero();
    assertThat(SquadEvaluator.exactMatch("the", "a")).isEqualTo(1.0);
  }

  @Test
  void evaluateTakesTheBestGoldAnswerAndScoresMissingPredictionsAsZero() {
    List<SquadExample> gold =
        List.of(
            example("q1", "Santa Clara, California", "Levi's Stadium"),
            example("q2", "Denver Broncos", "the Broncos"),
            example("q3", "1990"));
    Map<String, String> predictions = Map.of("q1", "levi's stadium.", "q2", "Denver");

    SquadScores scores = SquadEvaluator.evaluate(gold, predictions);

    // q1: EM 1, F1 1. q2: EM 0, F1 = max(2*1*0.5/1.5, 2*1*1/2?) -> "denver" vs "broncos" is 0,
    // vs "denver broncos" P=1 R=1/2 -> 2/3. q3 missing: 0.
    assertThat(scores.exactMatch()).isCloseTo(100.0 / 3, within(1e-9));
    assertThat(scores.f1()).isCloseTo(100.0 * (1 + 2.0 / 3) / 3, within(1e-9));
    assertThat(scores.questions()).isEqualTo(3);
    assertThat(scores.missing()).isEqualTo(1);
  }

  @Test
  void jsonUsesTheOfficialScriptsNames() throws Exception {
    com.fasterxml.jackson.databind.JsonNode json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(new SquadScores(74.0, 80.6, 1000, 2).toJson());
    assertThat(json.get("exact_match").asDouble()).isEqualTo(74.0);
    assertThat(json.get("f1").asDouble()).isEqualTo(80.6);
    assertThat(json.has("exactMatch")).isFalse();
  }

  private static SquadExample example(String id, String... answers) {
    return new SquadExample(
        id,
        "t",
        "c",
        "q",
        java.util.Arrays.stream(answers).map(a -> new SquadAnswer(a, 0)).toList());
  }
}
