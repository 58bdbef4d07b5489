package dev.llmkit.server.engine;

import java.time.Duration;

/** The queue holds {@code maxQueueSize} requests already: the client should retry later. */
public final class QueueFullException extends RuntimeException {

  private final transient Duration retryAfter;

  /** Creates the exception with the queue's estimate of when room frees up. */
  public QueueFullException(String queue, int capacity, Duration retryAfter) {
    super("queue '" + queue + "' is full (" + capacity + " requests waiting)");
    this.retryAfter = retryAfter;
  }

  /** When the client may usefully retry. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
