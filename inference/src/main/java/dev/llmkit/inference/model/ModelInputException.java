package dev.llmkit.inference.model;

/** Inputs that a model cannot run on: wrong shapes, ids out of range, sequences too long. */
public final class ModelInputException extends IllegalArgumentException {

  /**
   * @param message what is wrong with the input
   */
  public ModelInputException(String message) {
    super(message);
  }
}
