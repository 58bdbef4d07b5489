package dev.llmkit.server.service;

/** An input has more tokens than the task allows under the {@code error} policy (HTTP 413). */
public final class InputTooLongException extends InvalidInputException {

  /** Creates the exception for {@code tokens} tokens against a maximum of {@code max}. */
  public InputTooLongException(int tokens, int max) {
    super("input has " + tokens + " tokens, more than the maximum of " + max);
  }

  /** Creates the exception with a full message (count, limit and what to change). */
  public InputTooLongException(String message) {
    super(message);
  }
}
