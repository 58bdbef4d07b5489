package dev.llmkit.server.config;

import java.util.Objects;

/**
 * A task's input length limit and what happens to longer inputs.
 *
 * @param maxInputTokens longest input in tokens, special tokens included
 * @param onTooLong the policy for longer inputs
 */
public record InputLimit(int maxInputTokens, TooLongPolicy onTooLong) {

  /** Checks the values. */
  public InputLimit {
    if (maxInputTokens < 1) {
      throw new IllegalArgumentException("max_input_tokens must be >= 1, got " + maxInputTokens);
    }
    Objects.requireNonNull(onTooLong, "onTooLong");
  }
}
