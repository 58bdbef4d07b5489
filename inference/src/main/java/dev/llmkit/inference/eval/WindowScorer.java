package dev.llmkit.inference.eval;

/** A causal language model seen as a function from a token window to next-token losses. */
@FunctionalInterface
public interface WindowScorer {

  /**
   * Scores one window.
   *
   * @param window token ids, at most the model's context length
   * @return {@code window.length - 1} values: element {@code i} is {@code -ln p(window[i+1] |
   *     window[0..i])} in nats
   */
  double[] nextTokenNll(long[] window);
}
