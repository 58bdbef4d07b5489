package dev.llmkit.inference.generation;

import java.util.Arrays;

/**
 * Turns a stream of token ids into text pieces, decoding only a short window per token (the
 * prefix/read-offset scheme of text-generation-inference). A token that ends inside a multi-byte
 * character yields "" until the character is complete, so pieces never hold a partial character.
 */
final class IncrementalDecoder {

  private static final char REPLACEMENT = '\uFFFD';

  private final TextCodec codec;
  private long[] ids = new long[16];
  private int size;
  private int prefixOffset;
  private int readOffset;
  private final StringBuilder text = new StringBuilder();

  IncrementalDecoder(TextCodec codec) {
    this.codec = codec;
  }

  /** Adds one token and returns the new text it completes (possibly ""). */
  String next(long id) {
    if (size == ids.length) {
      ids = Arrays.copyOf(ids, size * 2);
    }
    ids[size++] = id;
    String prefix = codec.decode(Arrays.copyOfRange(ids, prefixOffset, readOffset));
    String current = codec.decode(Arrays.copyOfRange(ids, prefixOffset, size));
    if (current.length() > prefix.length()
        && current.charAt(current.length() - 1) != REPLACEMENT
        && current.startsWith(prefix)) {
      String piece = current.substring(prefix.length());
      prefixOffset = readOffset;
      readOffset = size;
      text.append(piece);
      return piece;
    }
    return "";
  }

  /** All text emitted so far. */
  CharSequence text() {
    return text;
  }
}
