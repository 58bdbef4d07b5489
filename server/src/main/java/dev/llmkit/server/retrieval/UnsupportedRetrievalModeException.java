package dev.llmkit.server.retrieval;

/** The configured store cannot search in the requested {@link RetrievalMode}. */
public final class UnsupportedRetrievalModeException extends RetrievalInputException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the mode and what to use instead. */
  public UnsupportedRetrievalModeException(String message) {
    super(message);
  }
}
