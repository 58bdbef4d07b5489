package dev.llmkit.inference.model;

/**
 * A model directory cannot be loaded: unsupported architecture, bad {@code config.json}, or weights
 * that do not fit the architecture (missing tensors, wrong shapes).
 */
public final class ModelLoadException extends RuntimeException {

  /**
   * @param message what is wrong, naming the file
   */
  public ModelLoadException(String message) {
    super(message);
  }

  /**
   * @param message what is wrong, naming the file
   * @param cause the underlying error
   */
  public ModelLoadException(String message, Throwable cause) {
    super(message, cause);
  }
}
