package dev.llmkit.tokenization;

/** A tokenizer could not be loaded or built: missing or malformed files, unsupported layout. */
public class TokenizerException extends RuntimeException {

  /**
   * @param message what went wrong, naming the file or setting involved
   */
  public TokenizerException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong, naming the file or setting involved
   * @param cause the underlying failure
   */
  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}
