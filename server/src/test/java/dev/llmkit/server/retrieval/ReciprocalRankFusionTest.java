package dev.llmkit.server.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReciprocalRankFusionTest {

  @Test
  void fusedScoresAreSumsOfReciprocalRanksWithK60() {
    // vector: a, b, c   bm25: b, d
    List<ReciprocalRankFusion.Fused> fused =
        ReciprocalRankFusion.fuse(List.of(List.of("a", "b", "c"), List.of("b", "d")), 60);

    assertThat(fused)
        .extracting(ReciprocalRankFusion.Fused::id)
        .containsExactly("b", "a", "d", "c");
    // b: 1/62 + 1/61 = 0.0325224749, a: 1/61 = 0.0163934..., d: 1/62 = 0.0161290..., c: 1/63
    assertThat(fused.get(0).score()).isCloseTo(0.032522475, within(1e-9));
    assertThat(fused.get(1).score()).isCloseTo(0.016393443, within(1e-9));
    assertThat(fused.get(2).score()).isCloseTo(0.016129032, within(1e-9));
    assertThat(fused.get(3).score()).isCloseTo(0.015873016, within(1e-9));
  }

  @Test
  void firstInBothListsReachesTheMaximum() {
    List<ReciprocalRankFusion.Fused> fused =
        ReciprocalRankFusion.fuse(List.of(List.of("x", "y"), List.of("x")), 60);
    assertThat(fused.get(0).score()).isEqualTo(ReciprocalRankFusion.maxScore(2, 60));
    assertThat(ReciprocalRankFusion.maxScore(2, 60)).isCloseTo(2.0 / 61, within(1e-15));
  }

  @Test
  void tiesKeepFirstSeenOrder() {
    List<ReciprocalRankFusion.Fused> fused =
        ReciprocalRankFusion.fuse(List.of(List.of("p"), List.of("q")), 60);
    assertThat(fused).extracting(ReciprocalRankFusion.Fused::id).containsExactly("p", "q");
  }
}
