package dev.llmkit.server.config;

import java.util.Objects;

/**
 * A task's input length limit and what happens to longer inputs.
 *
 * @param maxInputTokens longest input in tokens, special tokens included
 * @param onTooLong the policy for longer inputs
 * @param maxRequestTokens under {@code chunk}, the most tokens the model runs for one request, all
 *     its windows together (overlaps counted); a longer request is refused with 413
 */
public record InputLimit(int maxInputTokens, TooLongPolicy onTooLong, int maxRequestTokens) {

  /** The default of {@code max_request_tokens}: a few hundred kilobytes of English text. */
  public static final int DEFAULT_MAX_REQUEST_TOKENS = 65_536;

  /** Checks the values. */
  public InputLimit {
    if (maxInputTokens < 1) {
      throw new IllegalArgumentException("max_input_tokens must be >= 1, got " + maxInputTokens);
    }
    if (maxRequestTokens < 1) {
      throw new IllegalArgumentException(
          "max_request_tokens must be >= 1, got " + maxRequestTokens);
    }
    Objects.requireNonNull(onTooLong, "onTooLong");
  }

  /** A limit with the default {@link #DEFAULT_MAX_REQUEST_TOKENS}. */
  public InputLimit(int maxInputTokens, TooLongPolicy onTooLong) {
    this(maxInputTokens, onTooLong, DEFAULT_MAX_REQUEST_TOKENS);
  }
}
