package dev.llmkit.server.service;

import java.util.List;

/** Receives each token as soon as it is generated (for streaming). */
@FunctionalInterface
public interface TokenListener {

  /** Called once per token, in order, from the generating thread. Must not block. */
  void onToken(GeneratedToken token);

  /**
   * Called instead of {@link #onToken} when the request asked for {@code top_n_tokens}: the token
   * and the most likely tokens at its step, most likely first. By default forwards the token alone.
   */
  default void onToken(GeneratedToken token, List<GeneratedToken> topTokens) {
    onToken(token);
  }

  /** A listener that ignores tokens. */
  static TokenListener none() {
    return token -> {};
  }
}
