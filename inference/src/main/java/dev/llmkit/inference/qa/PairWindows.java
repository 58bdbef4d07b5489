package dev.llmkit.inference.qa;

import dev.llmkit.tokenization.Encoding;
import java.util.List;

/**
 * The windows a (question, context) pair was cut into, with what can be read off them without
 * encoding the pair again: consecutive windows repeat the last {@code stride} context tokens of the
 * one before, as Hugging Face's overflowing tokens do ({@code return_overflowing_tokens=True}).
 *
 * @param windows {@code [CLS] question [SEP] part of context [SEP]} each, in context order
 * @param stride the context tokens each window shares with the one before
 */
public record PairWindows(List<Encoding> windows, int stride) {

  /** Copies the windows; there is at least one. */
  public PairWindows {
    windows = List.copyOf(windows);
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("a pair has at least one window");
    }
  }

  /** The tokens of the question and the special tokens: what each window spends besides context. */
  public int questionTokens() {
    Encoding first = windows.get(0);
    return first.realLength() - contextTokensOf(first);
  }

  /** The context's tokens, each counted once. */
  public int contextTokens() {
    int total = contextTokensOf(windows.get(0));
    for (int i = 1; i < windows.size(); i++) {
      total += contextTokensOf(windows.get(i)) - stride;
    }
    return total;
  }

  /** The length of the whole {@code [CLS] question [SEP] context [SEP]}, as one encoding has it. */
  public int pairLength() {
    return questionTokens() + contextTokens();
  }

  /**
   * Where the context's first {@code n} tokens end: a UTF-16 index into the context, so that {@code
   * context.substring(0, contextEnd(n))} keeps them and nothing after.
   *
   * @param n between 1 and {@link #contextTokens()}
   */
  public int contextEnd(int n) {
    if (n < 1 || n > contextTokens()) {
      throw new IllegalArgumentException("n must be in [1, " + contextTokens() + "], got " + n);
    }
    int seen = 0;
    for (int w = 0; w < windows.size(); w++) {
      Encoding e = windows.get(w);
      int skip = w == 0 ? 0 : stride; // tokens the window before already had
      for (int i = 0; i < e.length(); i++) {
        if (e.sequenceIds()[i] != 1) {
          continue;
        }
        if (skip > 0) {
          skip--;
          continue;
        }
        if (++seen == n) {
          return e.end()[i];
        }
      }
    }
    throw new IllegalStateException("windows hold fewer context tokens than counted");
  }

  private static int contextTokensOf(Encoding e) {
    int n = 0;
    for (int id : e.sequenceIds()) {
      if (id == 1) {
        n++;
      }
    }
    return n;
  }
}
