package dev.llmkit.server.retrieval.store;

import dev.llmkit.server.retrieval.RetrievalInputException;

/** A metadata filter that the store cannot evaluate. */
public final class UnsupportedFilterException extends RetrievalInputException {

  private static final long serialVersionUID = 1L;

  /** With a message naming the filter. */
  public UnsupportedFilterException(String message) {
    super(message);
  }
}
