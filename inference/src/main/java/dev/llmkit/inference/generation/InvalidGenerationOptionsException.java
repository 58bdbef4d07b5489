package dev.llmkit.inference.generation;

/** A {@link GenerationOptions} value is out of range; the message names the Hugging Face option. */
public final class InvalidGenerationOptionsException extends IllegalArgumentException {

  /**
   * @param message what is wrong, naming the option as Hugging Face spells it
   */
  public InvalidGenerationOptionsException(String message) {
    super(message);
  }
}
