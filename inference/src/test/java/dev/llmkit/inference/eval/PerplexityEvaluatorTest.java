package dev.llmkit.inference.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PerplexityEvaluatorTest {

  /** A context-free model: p(0) = 1/2, p(1) = 1/4, whatever came before. */
  private static final WindowScorer UNIGRAM =
      window -> {
        double[] nll = new double[window.length - 1];
        for (int i = 0; i < nll.length; i++) {
          nll[i] = window[i + 1] == 0 ? Math.log(2) : Math.log(4);
        }
        return nll;
      };

  /** A model whose loss depends only on how much context it had: 1 / (context length). */
  private static final WindowScorer CONTEXT_LENGTH =
      window -> {
        double[] nll = new double[window.length - 1];
        for (int i = 0; i < nll.length; i++) {
          nll[i] = 1.0 / (i + 1);
        }
        return nll;
      };

  @Test
  void unigramPerplexityAndBitsPerByteMatchHandComputation() {
    // Scored: tokens 1..4 = 1,0,1,1 -> ln4 + ln2 + ln4 + ln4 = 7 ln2 nats.
    LmScores scores = PerplexityEvaluator.evaluate(new long[] {0, 1, 0, 1, 1}, 7, 8, 4, UNIGRAM);

    assertThat(scores.scoredTokens()).isEqualTo(4);
    assertThat(scores.nll()).isCloseTo(7 * Math.log(2), within(1e-12));
    assertThat(scores.perplexity()).isCloseTo(Math.pow(2, 7.0 / 4), within(1e-12));
    assertThat(scores.bitsPerByte()).isCloseTo(1.0, within(1e-12)); // 7 bits over 7 bytes
  }

  @Test
  void slidingWindowScoresOnlyTheNewTokensOfEachWindow() {
    // 6 tokens, context 4, stride 2.
    // Window [0,4): targets 1,2,3 with 0,1,2 tokens of extra context: 1 + 1/2 + 1/3.
    // Window [2,6): targets 4,5 (3 is already scored) at positions 2,3: 1/2 + 1/3.
    LmScores scores = PerplexityEvaluator.evaluate(new long[6], 10, 4, 2, CONTEXT_LENGTH);

    assertThat(scores.windows()).isEqualTo(2);
    assertThat(scores.scoredTokens()).isEqualTo(5);
    assertThat(scores.nll()).isCloseTo(1 + 2 * (0.5 + 1.0 / 3), within(1e-12));
    assertThat(scores.perplexity()).isCloseTo(Math.exp((8.0 / 3) / 5), within(1e-12));
  }

  @Test
  void strideEqualToContextLeavesEachWindowsFirstTokenUnscoredAsHuggingFaceDoes() {
    // Windows [0,4) and [4,6): targets 1,2,3 and 5.
    LmScores scores = PerplexityEvaluator.evaluate(new long[6], 10, 4, 4, CONTEXT_LENGTH);

    assertThat(scores.scoredTokens()).isEqualTo(4);
    assertThat(scores.nll()).isCloseTo(1 + 0.5 + 1.0 / 3 + 1, within(1e-12));
  }

  @Test
  void aSmallerStrideNeverScoresWorseWithAContextHungryModel() {
    long[] tokens = new long[50];
    double strided = PerplexityEvaluator.evaluate(tokens, 50, 8, 2, CONTEXT_LENGTH).perplexity();
    double disjoint = PerplexityEvaluator.evaluate(tokens, 50, 8, 8, CONTEXT_LENGTH).perplexity();
    assertThat(strided).isLessThan(disjoint);
  }

  @Test
  void rejectsBadArguments() {
    assertThatThrownBy(() -> PerplexityEvaluator.evaluate(new long[5], 5, 4, 5, UNIGRAM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride");
    assertThatThrownBy(() -> PerplexityEvaluator.evaluate(new long[1], 5, 4, 2, UNIGRAM))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PerplexityEvaluator.evaluate(new long[3], 5, 4, 2, w -> new double[0]))
        .isInstanceOf(IllegalStateException.class);
  }
}
