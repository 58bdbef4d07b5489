package dev.llmkit.inference.fillmask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FillMaskTopKTest {

  private static final double[] PROBS = {0.1, 0.4, 0.05, 0.4, 0.05};

  @Test
  void theMostProbableComeFirstAndTiesGoToTheLowerIndex() {
    assertThat(FillMaskPipeline.topK(PROBS, new long[] {0, 1, 2, 3, 4}, 3))
        .containsExactly(1, 3, 0);
  }

  @Test
  void targetsAreRankedByTheirOwnProbabilitiesAndIndexedIntoThePool() {
    // pool positions 0..2 hold tokens 4, 0, 3: probabilities 0.05, 0.1, 0.4
    assertThat(FillMaskPipeline.topK(PROBS, new long[] {4, 0, 3}, 2)).containsExactly(2, 1);
  }

  @Test
  void kCoveringThePoolReturnsItAllSorted() {
    assertThat(FillMaskPipeline.topK(PROBS, new long[] {2, 4}, 2)).containsExactly(0, 1);
  }

  @Test
  void softmaxIsNormalisedAndShiftInvariant() {
    // 1000 and 1001 are exact in float; e^1000 would overflow without the max shift.
    double[] p = FillMaskPipeline.softmax(new float[] {1000f, 1001f});
    double e = Math.E;
    assertThat(p[0]).isCloseTo(1 / (1 + e), within(1e-12));
    assertThat(p[1]).isCloseTo(e / (1 + e), within(1e-12));
  }
}
