package dev.llmkit.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SamplesTest {

  @Test
  void orderStatisticsInterpolateBetweenSortedValuesAsNumpyDoes() {
    Samples s = Samples.of(List.of(5.0, 1.0, 3.0, 2.0, 4.0));
    assertThat(s.median()).isEqualTo(3.0);
    // numpy.percentile([1, 2, 3, 4, 5], 10) = 1 + 0.4 * (2 - 1)
    assertThat(s.p10()).isCloseTo(1.4, within(1e-12));
    assertThat(s.p90()).isCloseTo(4.6, within(1e-12));
    assertThat(s.min()).isEqualTo(1.0);
    assertThat(s.max()).isEqualTo(5.0);
  }

  @Test
  void anEvenCountHasTheMeanOfTheMiddleTwoAsMedian() {
    assertThat(Samples.of(List.of(4.0, 1.0, 2.0, 3.0)).median()).isEqualTo(2.5);
  }

  @Test
  void theMedianAbsoluteDeviationIgnoresOneOutlier() {
    // |x - 3| = 2, 1, 0, 1, 97: median 1
    assertThat(Samples.of(List.of(1.0, 2.0, 3.0, 4.0, 100.0)).mad()).isEqualTo(1.0);
  }

  @Test
  void aBenchmarkNeedsAtLeastOneSample() {
    assertThatThrownBy(() -> Samples.of(List.of())).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRatioIsThePeersMedianTimeOverLlmkitsSoAboveOneMeansFaster() {
    Result r =
        Result.against(
            "case",
            "ms",
            Samples.of(List.of(2.0, 2.0, 3.0)),
            "peer",
            Samples.of(List.of(5.0, 4.0, 6.0)));
    assertThat(r.ratio()).isEqualTo(2.5);
    assertThat(Result.alone("case", "ms", Samples.of(List.of(1.0))).ratio()).isNaN();
  }

  @Test
  void interleavedRepeatsAlternateTheTwoAfterTheWarmUp() {
    List<String> calls = new java.util.ArrayList<>();
    Samples[] both = new Repeats(1, 3).interleaved(() -> calls.add("a"), () -> calls.add("b"), 1);
    assertThat(calls).containsExactly("a", "b", "a", "b", "a", "b", "a", "b");
    assertThat(both[0].values()).hasSize(3);
    assertThat(both[1].values()).hasSize(3);
  }

  @Test
  void thePauseBeforeEachInterleavedRunIsLeftOutOfItsTime() {
    Repeats repeats = new Repeats(0, 2).withPause(java.time.Duration.ofMillis(30));
    long start = System.nanoTime();
    Samples[] both = repeats.interleaved(() -> {}, () -> {}, 1);
    long wallMs = (System.nanoTime() - start) / 1_000_000;
    assertThat(wallMs).isGreaterThanOrEqualTo(4 * 30); // before each of the four runs
    for (Samples side : both) {
      assertThat(java.util.Arrays.stream(side.values()).max().orElseThrow()).isLessThan(30.0);
    }
    assertThatThrownBy(() -> repeats.withPause(java.time.Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void selfTimedWorkReportsTheNanosecondsItReturnsPerItem() {
    Samples[] both = new Repeats(0, 2).interleavedTimed(() -> 4_000_000L, () -> 8_000_000L, 2);
    assertThat(both[0].values()).containsExactly(2.0, 2.0); // 4 ms over 2 items
    assertThat(both[1].values()).containsExactly(4.0, 4.0);
  }
}
