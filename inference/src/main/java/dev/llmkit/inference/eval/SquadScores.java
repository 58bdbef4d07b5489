package dev.llmkit.inference.eval;

/**
 * SQuAD v1.1 scores as the official {@code evaluate-v1.1.py} reports them.
 *
 * @param exactMatch percentage (0–100) of questions whose normalised prediction equals a normalised
 *     gold answer
 * @param f1 mean over questions of the best token-level F1 against any gold answer, ×100
 * @param questions number of gold questions scored (missing predictions score 0)
 * @param missing number of gold questions without a prediction
 */
public record SquadScores(double exactMatch, double f1, int questions, int missing) {

  /** Renders the scores as JSON. */
  public String toJson() {
    return EvalJson.toJson(this);
  }
}
