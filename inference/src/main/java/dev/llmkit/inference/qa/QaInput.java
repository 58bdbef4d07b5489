package dev.llmkit.inference.qa;

/**
 * A question about a context.
 *
 * @param question the question, not empty
 * @param context the text holding the answer, not empty
 */
public record QaInput(String question, String context) {

  /** Rejects missing or empty texts as Hugging Face does. */
  public QaInput {
    if (question == null || question.isEmpty()) {
      throw new IllegalArgumentException("`question` cannot be empty");
    }
    if (context == null || context.isEmpty()) {
      throw new IllegalArgumentException("`context` cannot be empty");
    }
  }
}
