package dev.llmkit.inference.testing;

import dev.llmkit.tokenization.Encoding;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an {@link Encoding} by hand, token by token, for tests of pipeline logic without a
 * tokenizer. Offsets are given in UTF-16 units; code-point offsets are derived from the text.
 */
public final class HandEncoding {

  private record Tok(
      long id,
      String token,
      int start,
      int end,
      int word,
      int sequence,
      long type,
      boolean special,
      boolean padding) {}

  private final List<Tok> toks = new ArrayList<>();
  private final List<String> texts = new ArrayList<>();

  private HandEncoding(String text) {
    texts.add(text);
  }

  /** Starts an encoding of {@code text} (sequence 0). */
  public static HandEncoding of(String text) {
    return new HandEncoding(text);
  }

  /** Starts an encoding of a pair; tokens of sequence 1 index {@code second}. */
  public static HandEncoding pair(String first, String second) {
    HandEncoding e = new HandEncoding(first);
    e.texts.add(second);
    return e;
  }

  /** Appends a special token (offsets 0/0, no word, sequence -1). */
  public HandEncoding special(String token, long id) {
    return special(token, id, 0);
  }

  /** Appends a special token with a token type id. */
  public HandEncoding special(String token, long id, long typeId) {
    toks.add(new Tok(id, token, 0, 0, -1, -1, typeId, true, false));
    return this;
  }

  /** Appends a token of sequence 0 covering {@code [start, end)} (UTF-16) of the first text. */
  public HandEncoding token(String token, long id, int start, int end, int word) {
    toks.add(new Tok(id, token, start, end, word, 0, 0, false, false));
    return this;
  }

  /** Appends a token of the given sequence (0 or 1) covering {@code [start, end)} of that text. */
  public HandEncoding token(String token, long id, int start, int end, int word, int sequence) {
    toks.add(new Tok(id, token, start, end, word, sequence, sequence, false, false));
    return this;
  }

  /** Appends {@code n} padding tokens. */
  public HandEncoding padding(int n, long padId) {
    for (int i = 0; i < n; i++) {
      toks.add(new Tok(padId, "[PAD]", 0, 0, -1, -1, 0, true, true));
    }
    return this;
  }

  /** Builds the encoding. */
  public Encoding build() {
    int n = toks.size();
    long[] ids = new long[n];
    String[] tokens = new String[n];
    int[] start = new int[n];
    int[] end = new int[n];
    int[] cpStart = new int[n];
    int[] cpEnd = new int[n];
    int[] words = new int[n];
    int[] sequences = new int[n];
    long[] types = new long[n];
    long[] attention = new long[n];
    boolean[] special = new boolean[n];
    for (int i = 0; i < n; i++) {
      Tok t = toks.get(i);
      ids[i] = t.id();
      tokens[i] = t.token();
      start[i] = t.start();
      end[i] = t.end();
      String text = texts.get(Math.max(0, t.sequence()));
      cpStart[i] = text.codePointCount(0, t.start());
      cpEnd[i] = text.codePointCount(0, t.end());
      words[i] = t.word();
      sequences[i] = t.sequence();
      types[i] = t.type();
      attention[i] = t.padding() ? 0 : 1;
      special[i] = t.special();
    }
    return new Encoding(
        ids, tokens, start, end, cpStart, cpEnd, words, sequences, types, attention, special);
  }
}
