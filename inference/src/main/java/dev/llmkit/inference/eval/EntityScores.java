package dev.llmkit.inference.eval;

/**
 * Precision, recall and F1 over entity chunks (fractions in {@code [0, 1]}).
 *
 * @param precision correct / predicted (0 when nothing was predicted, as conlleval)
 * @param recall correct / gold (0 when there is no gold entity)
 * @param f1 harmonic mean of precision and recall (0 when both are 0)
 * @param gold number of gold entities
 * @param predicted number of predicted entities
 * @param correct number of predicted entities with exactly the gold span and type
 */
public record EntityScores(
    double precision, double recall, double f1, long gold, long predicted, long correct) {

  /** Computes the scores from the three counts. */
  public static EntityScores of(long gold, long predicted, long correct) {
    double p = predicted == 0 ? 0 : (double) correct / predicted;
    double r = gold == 0 ? 0 : (double) correct / gold;
    double f = p + r == 0 ? 0 : 2 * p * r / (p + r);
    return new EntityScores(p, r, f, gold, predicted, correct);
  }
}
