package dev.llmkit.inference.generation;

/** Receives each token as soon as it is generated and decides whether generation goes on. */
@FunctionalInterface
public interface TokenStreamListener {

  /** A listener that never cancels and ignores tokens. */
  TokenStreamListener NONE = token -> Action.CONTINUE;

  /**
   * Called on the generating thread after every token.
   *
   * @return {@link Action#CANCEL} to stop every sequence now (finish reason {@code cancelled})
   */
  Action onToken(StreamedToken token);

  /** What the listener wants after a token. */
  enum Action {
    /** Keep generating. */
    CONTINUE,
    /** Stop now; the tokens so far are returned. */
    CANCEL
  }
}
