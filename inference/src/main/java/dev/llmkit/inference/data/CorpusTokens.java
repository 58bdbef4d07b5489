package dev.llmkit.inference.data;

import dev.llmkit.tokenization.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * Turns documents into one token stream, each document followed by the end-of-text token (GPT-2's
 * document separator). Long documents are encoded in pieces cut after a newline that precedes a
 * non-space character, a point where GPT-2's pre-tokenizer always splits, so the ids equal those of
 * encoding the whole document at once.
 */
public final class CorpusTokens {

  private static final int PIECE_CHARS = 1 << 16;

  private CorpusTokens() {}

  /**
   * Encodes documents without special tokens and joins them.
   *
   * @param separator the end-of-text id appended after each document
   */
  public static long[] encode(Tokenizer tokenizer, List<String> documents, long separator) {
    long[] out = new long[1 << 16];
    int n = 0;
    for (String doc : documents) {
      int from = 0;
      while (from < doc.length()) {
        int to = cut(doc, from);
        long[] ids = tokenizer.encode(doc.substring(from, to), false).ids();
        if (n + ids.length + 1 > out.length) {
          out = Arrays.copyOf(out, Math.max(out.length * 2, n + ids.length + 1));
        }
        System.arraycopy(ids, 0, out, n, ids.length);
        n += ids.length;
        from = to;
      }
      if (n + 1 > out.length) {
        out = Arrays.copyOf(out, out.length * 2);
      }
      out[n++] = separator;
    }
    return Arrays.copyOf(out, n);
  }

  /** End of the piece starting at {@code from}: after a newline followed by a non-space. */
  static int cut(String doc, int from) {
    if (doc.length() - from <= PIECE_CHARS) {
      return doc.length();
    }
    for (int i = from + PIECE_CHARS; i < doc.length() - 1; i++) {
      if (doc.charAt(i) == '\n' && !Character.isWhitespace(doc.charAt(i + 1))) {
        return i + 1;
      }
    }
    return doc.length();
  }
}
