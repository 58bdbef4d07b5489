package dev.llmkit.server.retrieval.ingest;

import dev.llmkit.server.retrieval.RetrievalInputException;

/** A document whose bytes do not hold readable text of its declared type. */
public final class DocumentFormatException extends RetrievalInputException {

  private static final long serialVersionUID = 1L;

  /** With a message for the user. */
  public DocumentFormatException(String message) {
    super(message);
  }
}
