package dev.llmkit.server.retrieval;

/** The configured store cannot be used by this build; the message says why and what to do. */
public final class StoreUnavailableException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** With an explanation for the operator. */
  public StoreUnavailableException(String message) {
    super(message);
  }

  /** With an explanation for the operator and the underlying failure. */
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
