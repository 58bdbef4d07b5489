package dev.llmkit.inference.generation;

import java.util.SplittableRandom;

/** Chooses the next token from processed scores: argmax, or a draw from their softmax. */
final class Sampling {

  private Sampling() {}

  /** Softmax in double precision; {@code -inf} scores get probability 0. */
  static double[] softmax(float[] scores) {
    double max = Double.NEGATIVE_INFINITY;
    for (float s : scores) {
      max = Math.max(max, s);
    }
    double[] p = new double[scores.length];
    double sum = 0;
    for (int i = 0; i < scores.length; i++) {
      p[i] = Math.exp(scores[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** Index of the highest score; the lowest index wins ties, as {@code torch.argmax}. */
  static int argmax(float[] scores) {
    int best = 0;
    for (int i = 1; i < scores.length; i++) {
      if (scores[i] > scores[best]) {
        best = i;
      }
    }
    return best;
  }

  /** One draw from {@code softmax(scores)} (HF {@code torch.multinomial}). */
  static int sample(float[] scores, SplittableRandom random) {
    double[] p = softmax(scores);
    double u = random.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        cumulative += p[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last; // rounding left u above the total: take the last possible token
  }

  /** {@code log_softmax(logits)[token]}, the model's log-probability of the chosen token. */
  static double logProbability(float[] logits, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (float s : logits) {
      max = Math.max(max, s);
    }
    double sum = 0;
    for (float s : logits) {
      sum += Math.exp(s - max);
    }
    return logits[token] - max - Math.log(sum);
  }

  /**
   * The {@code n} highest logits, highest first (ties: lower id first), with their log-softmax
   * log-probabilities.
   *
   * @return {@code [ids, logprobs]} as parallel arrays of length {@code min(n, logits.length)}
   */
  static double[][] top(float[] logits, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (float s : logits) {
      max = Math.max(max, s);
    }
    double sum = 0;
    for (float s : logits) {
      sum += Math.exp(s - max);
    }
    double logZ = max + Math.log(sum);
    int k = Math.min(n, logits.length);
    int[] best = new int[k];
    int size = 0;
    for (int i = 0; i < logits.length; i++) {
      // Insertion into a sorted list of at most k: n is small (<= 20).
      if (size == k && !(logits[i] > logits[best[k - 1]])) {
        continue;
      }
      int at = size < k ? size++ : k - 1;
      while (at > 0 && logits[i] > logits[best[at - 1]]) {
        best[at] = best[at - 1];
        at--;
      }
      best[at] = i;
    }
    double[] ids = new double[k];
    double[] logprobs = new double[k];
    for (int j = 0; j < k; j++) {
      ids[j] = best[j];
      logprobs[j] = logits[best[j]] - logZ;
    }
    return new double[][] {ids, logprobs};
  }
}
