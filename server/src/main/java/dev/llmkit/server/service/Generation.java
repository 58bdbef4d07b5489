package dev.llmkit.server.service;

import java.util.List;

/**
 * A finished generation.
 *
 * @param generatedText the new text (without the prompt)
 * @param finishReason why it ended
 * @param tokens the generated tokens, in order
 * @param seed the seed used when sampling, or null for greedy decoding
 */
public record Generation(
    String generatedText, FinishReason finishReason, List<GeneratedToken> tokens, Long seed) {

  /** Copies the token list. */
  public Generation {
    tokens = List.copyOf(tokens);
  }
}
