package dev.llmkit.inference.eval;

import java.util.Arrays;

/**
 * Sliding-window perplexity of a causal language model, the recipe of Hugging Face's "Perplexity of
 * fixed-length models" (https://huggingface.co/docs/transformers/perplexity).
 *
 * <p>Windows of {@code context} tokens start every {@code stride} tokens. Each window scores only
 * the tokens that no earlier window scored, so every token from the second one on is scored exactly
 * once, with up to {@code context - stride} tokens of extra left context. The first token of the
 * text has no context and is not scored (prepend a document separator token to score it).
 */
public final class PerplexityEvaluator {

  private PerplexityEvaluator() {}

  /**
   * Scores a token sequence.
   *
   * @param tokens the text's token ids (at least 2)
   * @param utf8Bytes UTF-8 length of the text the tokens encode, for bits per byte
   * @param context window length, the model's maximum at most
   * @param stride how far each window moves, {@code 1 <= stride <= context}
   * @param scorer the model
   */
  public static LmScores evaluate(
      long[] tokens, long utf8Bytes, int context, int stride, WindowScorer scorer) {
    if (context < 2) {
      throw new IllegalArgumentException("context must be at least 2, got " + context);
    }
    if (stride < 1 || stride > context) {
      throw new IllegalArgumentException("stride must be in [1, " + context + "], got " + stride);
    }
    if (tokens.length < 2) {
      throw new IllegalArgumentException("need at least 2 tokens to score, got " + tokens.length);
    }
    if (utf8Bytes <= 0) {
      throw new IllegalArgumentException("utf8Bytes must be positive, got " + utf8Bytes);
    }
    double nll = 0;
    long scored = 0;
    int windows = 0;
    int prevEnd = 0;
    for (int begin = 0; begin < tokens.length; begin += stride) {
      int end = Math.min(begin + context, tokens.length);
      long[] window = Arrays.copyOfRange(tokens, begin, end);
      double[] losses = scorer.nextTokenNll(window);
      windows++;
      if (losses.length != window.length - 1) {
        throw new IllegalStateException(
            "scorer returned " + losses.length + " losses for a window of " + window.length);
      }
      // Target t is predicted at window position t - begin - 1.
      for (int t = Math.max(prevEnd, begin + 1); t < end; t++) {
        nll += losses[t - begin - 1];
        scored++;
      }
      prevEnd = end;
      if (end == tokens.length) {
        break;
      }
    }
    return new LmScores(
        Math.exp(nll / scored),
        nll / (Math.log(2) * utf8Bytes),
        nll,
        scored,
        utf8Bytes,
        windows,
        context,
        stride);
  }
}
