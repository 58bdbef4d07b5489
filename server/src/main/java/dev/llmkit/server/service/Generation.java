package dev.llmkit.server.service;

import java.util.List;

/**
 * A finished generation.
 *
 * @param generatedText the new text (without the prompt)
 * @param finishReason why it ended
 * @param tokens the generated tokens, in order
 * @param seed the seed used when sampling, or null for greedy decoding
 * @param topTokens per generated token, the {@code top_n_tokens} most likely tokens at that step,
 *     most likely first; empty when none were asked for
 */
public record Generation(
    String generatedText,
    FinishReason finishReason,
    List<GeneratedToken> tokens,
    Long seed,
    List<List<GeneratedToken>> topTokens) {

  /** Copies the token lists. */
  public Generation {
    tokens = List.copyOf(tokens);
    topTokens = topTokens.stream().map(List::copyOf).toList();
  }

  /** A generation without {@code top_n_tokens}. */
  public Generation(
      String generatedText, FinishReason finishReason, List<GeneratedToken> tokens, Long seed) {
    this(generatedText, finishReason, tokens, seed, List.of());
  }
}
