package dev.llmkit.server.retrieval.ingest;

/** A document whose bytes do not hold readable text of its declared type. */
public final class DocumentFormatException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** With a message for the user. */
  public DocumentFormatException(String message) {
    super(message);
  }
}
