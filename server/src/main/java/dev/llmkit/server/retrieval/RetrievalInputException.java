package dev.llmkit.server.retrieval;

/**
 * Bad input to the retrieval layer (a document that cannot be read, a filter the store cannot
 * evaluate, a reserved metadata key): the caller must change the request.
 */
public class RetrievalInputException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** With a message for the user. */
  public RetrievalInputException(String message) {
    super(message);
  }
}
