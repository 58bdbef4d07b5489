package dev.llmkit.server.service;

/**
 * Thrown (or used to fail a future) by a service when the client's input cannot be processed, e.g.
 * a text that tokenizes to nothing. The message is shown to the client (HTTP 422).
 */
public class InvalidInputException extends RuntimeException {

  /** Creates the exception with a message that says what to fix. */
  public InvalidInputException(String message) {
    super(message);
  }
}
