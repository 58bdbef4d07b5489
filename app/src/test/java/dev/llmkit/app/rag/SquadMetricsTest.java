package dev.llmkit.app.rag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SquadMetricsTest {

  @Test
  void normalizationDropsCasePunctuationArticlesAndExtraSpace() {
    assertThat(SquadMetrics.normalize("The  Denver Broncos!")).isEqualTo("denver broncos");
    assertThat(SquadMetrics.normalize("an apple, a pear")).isEqualTo("apple pear");
  }

  @Test
  void exactMatchTakesTheBestGold() {
    assertThat(SquadMetrics.exactMatch("denver broncos", List.of("Carolina", "The Denver Broncos")))
        .isEqualTo(1.0);
    assertThat(SquadMetrics.exactMatch("Broncos", List.of("Denver Broncos"))).isEqualTo(0.0);
  }

  @Test
  void f1CountsTokenOverlap() {
    // prediction {denver, broncos, team} vs gold {denver, broncos}: P = 2/3, R = 1, F1 = 0.8
    assertThat(SquadMetrics.f1("Denver Broncos team", List.of("the Denver Broncos")))
        .isCloseTo(0.8, within(1e-12));
    // repeated tokens count once per gold occurrence: {a1,a1} vs {a1}: P = 1/2, R = 1, F1 = 2/3
    assertThat(SquadMetrics.f1("x x", List.of("x"))).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(SquadMetrics.f1("", List.of("x"))).isZero();
  }
}
