package dev.llmkit.inference.tfcheckpoint;

/**
 * A TensorFlow checkpoint cannot be read: a truncated or corrupt index or data file, a checksum
 * mismatch, an unsupported dtype or layout. The message names the file and what is wrong.
 */
public final class TfCheckpointException extends RuntimeException {

  /**
   * @param message what is wrong, naming the file
   */
  public TfCheckpointException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the file
   * @param cause the underlying error
   */
  public TfCheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
