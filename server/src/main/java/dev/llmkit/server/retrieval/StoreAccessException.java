package dev.llmkit.server.retrieval;

/**
 * A remote document store (PostgreSQL) failed while serving a request: unreachable, timed out or
 * refusing the statement. The message names the store and the database's reason, never a password.
 */
public final class StoreAccessException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** With an explanation and the driver's exception. */
  public StoreAccessException(String message, Throwable cause) {
    super(message, cause);
  }
}
