package dev.llmkit.server.service;

/** Receives each token as soon as it is generated (for streaming). */
@FunctionalInterface
public interface TokenListener {

  /** Called once per token, in order, from the generating thread. Must not block. */
  void onToken(GeneratedToken token);

  /** A listener that ignores tokens. */
  static TokenListener none() {
    return token -> {};
  }
}
