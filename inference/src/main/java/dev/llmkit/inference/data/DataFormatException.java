package dev.llmkit.inference.data;

/** Thrown when a training or evaluation file does not have the expected format. */
public final class DataFormatException extends RuntimeException {

  /**
   * Creates an exception for a malformed input.
   *
   * @param message what is wrong and where (file, line)
   */
  public DataFormatException(String message) {
    super(message);
  }

  /**
   * Creates an exception for a malformed input with its cause.
   *
   * @param message what is wrong and where (file, line)
   * @param cause the underlying parse or I/O error
   */
  public DataFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
