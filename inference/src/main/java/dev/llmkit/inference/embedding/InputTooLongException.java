package dev.llmkit.inference.embedding;

/** A text has more tokens than the model accepts and truncation was not asked for. */
public final class InputTooLongException extends IllegalArgumentException {

  private final int index;
  private final int tokenCount;
  private final int limit;

  /**
   * @param index position of the text in the request
   * @param tokenCount its tokens, special tokens included
   * @param limit the model's maximum
   */
  public InputTooLongException(int index, int tokenCount, int limit) {
    super(
        "input "
            + index
            + " has "
            + tokenCount
            + " tokens but the model accepts at most "
            + limit
            + "; shorten it or set truncate=true");
    this.index = index;
    this.tokenCount = tokenCount;
    this.limit = limit;
  }

  /** Position of the offending text in the request. */
  public int index() {
    return index;
  }

  /** Its token count, special tokens included. */
  public int tokenCount() {
    return tokenCount;
  }

  /** The model's maximum. */
  public int limit() {
    return limit;
  }
}
