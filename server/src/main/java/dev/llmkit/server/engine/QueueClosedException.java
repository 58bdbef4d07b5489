package dev.llmkit.server.engine;

/** The queue is shutting down and accepts no more requests, or dropped one at its deadline. */
public final class QueueClosedException extends RuntimeException {

  /** Creates the exception. */
  public QueueClosedException(String message) {
    super(message);
  }
}
