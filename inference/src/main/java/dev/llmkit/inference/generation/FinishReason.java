package dev.llmkit.inference.generation;

/**
 * Why a generated sequence ended, with the wire names of Hugging Face text-generation-inference.
 */
public enum FinishReason {
  /** {@code max_new_tokens} (or the model's context) was reached. */
  LENGTH("length"),
  /** The model produced the end-of-sequence token. */
  EOS_TOKEN("eos_token"),
  /** A stop sequence appeared in the decoded text; the text is cut before it. */
  STOP_SEQUENCE("stop_sequence"),
  /** The streaming consumer asked to stop. */
  CANCELLED("cancelled");

  private final String wireName;

  FinishReason(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON ({@code "length"}, {@code "eos_token"}, ...). */
  public String wireName() {
    return wireName;
  }
}
