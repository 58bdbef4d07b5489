package dev.llmkit.server.engine;

/** A single request needs more tokens than a whole batch may hold. */
public final class InputTooLargeException extends RuntimeException {

  /**
   * Creates the exception for a request of {@code tokens} tokens against a budget of {@code max}.
   */
  public InputTooLargeException(int tokens, int max) {
    super("input has " + tokens + " tokens, more than max_batch_tokens (" + max + ")");
  }
}
