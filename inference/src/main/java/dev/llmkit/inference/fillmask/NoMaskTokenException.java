package dev.llmkit.inference.fillmask;

/** The input has no mask token to fill, or the targets name no token. A client error. */
public final class NoMaskTokenException extends IllegalArgumentException {

  /**
   * @param message what is wrong with the input
   */
  public NoMaskTokenException(String message) {
    super(message);
  }
}
