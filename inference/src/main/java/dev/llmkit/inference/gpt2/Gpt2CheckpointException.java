package dev.llmkit.inference.gpt2;

/** A GPT-2 checkpoint does not match its config: missing, unexpected or misshapen tensors. */
public final class Gpt2CheckpointException extends RuntimeException {

  /**
   * @param message what is wrong, naming the tensor
   */
  public Gpt2CheckpointException(String message) {
    super(message);
  }
}
