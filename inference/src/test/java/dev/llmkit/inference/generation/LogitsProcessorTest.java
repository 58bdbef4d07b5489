package dev.llmkit.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LogitsProcessorTest {

  private static final float NEG_INF = Float.NEGATIVE_INFINITY;

  @Test
  void repetitionPenaltyDividesPositiveAndMultipliesNegativeScoresOncePerToken() {
    float[] scores = {2f, -1f, 0.5f, 3f};
    new LogitsProcessor.RepetitionPenalty(2f).process(scores, new long[] {0, 1, 1, 2});
    // 2 / 2 = 1; -1 * 2 = -2 (once, though token 1 occurs twice); 0.5 / 2 = 0.25; 3 untouched.
    assertThat(scores).containsExactly(1f, -2f, 0.25f, 3f);
  }

  @Test
  void temperatureDividesEveryScore() {
    float[] scores = {2f, -1f, 0f};
    new LogitsProcessor.Temperature(0.5f).process(scores, new long[0]);
    assertThat(scores).containsExactly(4f, -2f, 0f);
  }

  @Test
  void topKKeepsTheKBestAndTiesWithTheKth() {
    float[] scores = {1f, 3f, 2f, 3f};
    new LogitsProcessor.TopK(3).process(scores, new long[0]);
    assertThat(scores).containsExactly(NEG_INF, 3f, 2f, 3f);
    float[] tied = {1f, 3f, 2f, 3f};
    new LogitsProcessor.TopK(1).process(tied, new long[0]);
    assertThat(tied).containsExactly(NEG_INF, 3f, NEG_INF, 3f);
  }

  @Test
  void topKLargerThanTheVocabularyKeepsEverything() {
    float[] scores = {1f, 2f};
    new LogitsProcessor.TopK(50).process(scores, new long[0]);
    assertThat(scores).containsExactly(1f, 2f);
  }

  @Test
  void topPRemovesTheUnlikelyTailWhoseMassIsAtMostOneMinusP() {
    // probabilities 0.5, 0.3, 0.15, 0.05; ascending cumulative 0.05, 0.20, 0.50, 1.0
    float[] scores = logs(0.5, 0.3, 0.15, 0.05);
    new LogitsProcessor.TopP(0.75).process(scores, new long[0]); // removes cum <= 0.25
    assertThat(scores[2]).isEqualTo(NEG_INF);
    assertThat(scores[3]).isEqualTo(NEG_INF);
    assertThat(scores[0]).isCloseTo((float) Math.log(0.5), within(1e-6f));
    assertThat(scores[1]).isCloseTo((float) Math.log(0.3), within(1e-6f));

    float[] wide = logs(0.5, 0.3, 0.15, 0.05);
    new LogitsProcessor.TopP(0.9).process(wide, new long[0]); // removes cum <= 0.1
    assertThat(wide[3]).isEqualTo(NEG_INF);
    assertThat(wide[2]).isGreaterThan(NEG_INF);
  }

  @Test
  void topPAlwaysKeepsTheMostLikelyToken() {
    float[] scores = logs(0.9, 0.1);
    new LogitsProcessor.TopP(0.01).process(scores, new long[0]);
    assertThat(scores[0]).isGreaterThan(NEG_INF);
    assertThat(scores[1]).isEqualTo(NEG_INF);
  }

  @Test
  void processorsFollowHuggingFaceOrderAndSkipDisabledOnes() {
    GenerationOptions sampling =
        GenerationOptions.builder()
            .doSample(true)
            .repetitionPenalty(1.3)
            .temperature(0.7)
            .topK(10)
            .topP(0.9)
            .build();
    assertThat(LogitsProcessor.forOptions(sampling))
        .containsExactly(
            new LogitsProcessor.RepetitionPenalty(1.3f),
            new LogitsProcessor.Temperature(0.7f),
            new LogitsProcessor.TopK(10),
            new LogitsProcessor.TopP(0.9));
    GenerationOptions greedy = GenerationOptions.builder().temperature(0.7).topK(10).build();
    assertThat(LogitsProcessor.forOptions(greedy)).isEmpty();
    GenerationOptions plainSampling = GenerationOptions.builder().doSample(true).topK(0).build();
    assertThat(LogitsProcessor.forOptions(plainSampling)).isEqualTo(List.of());
  }

  @Test
  void samplingFollowsTheDistributionAndNeverPicksRemovedTokens() {
    float[] scores = {(float) Math.log(0.25), (float) Math.log(0.75), NEG_INF};
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    int[] counts = new int[3];
    for (int i = 0; i < 20_000; i++) {
      counts[Sampling.sample(scores, random)]++;
    }
    assertThat(counts[2]).isZero();
    assertThat(counts[1] / 20_000.0).isCloseTo(0.75, within(0.02));
  }

  @Test
  void logProbabilityIsLogSoftmax() {
    float[] logits = {0f, (float) Math.log(3)}; // softmax = 1/4, 3/4
    assertThat(Sampling.logProbability(logits, 1)).isCloseTo(Math.log(0.75), within(1e-6));
    assertThat(Sampling.argmax(new float[] {1f, 5f, 5f})).isEqualTo(1);
  }

  private static float[] logs(double... p) {
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = (float) Math.log(p[i]);
    }
    return out;
  }
}
