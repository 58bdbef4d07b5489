package dev.llmkit.tokenization;

import ai.djl.huggingface.tokenizers.jni.CharSpan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Converts DJL encodings to {@link Encoding} (offsets into the original text) and pads them. */
final class Encodings {

  private Encodings() {}

  /**
   * @param first the first (or only) text
   * @param second the second text of a pair, or null
   */
  static Encoding convert(
      ai.djl.huggingface.tokenizers.Encoding djl, TextIndex first, TextIndex second) {
    long[] ids = djl.getIds();
    int n = ids.length;
    CharSpan[] spans = djl.getCharTokenSpans();
    long[] words = djl.getWordIds();
    long[] sequences = djl.getSequenceIds();
    long[] special = djl.getSpecialTokenMask();
    int[] start = new int[n];
    int[] end = new int[n];
    int[] cpStart = new int[n];
    int[] cpEnd = new int[n];
    int[] wordIds = new int[n];
    int[] sequenceIds = new int[n];
    boolean[] specialMask = new boolean[n];
    for (int i = 0; i < n; i++) {
      wordIds[i] = (int) words[i];
      sequenceIds[i] = (int) sequences[i];
      specialMask[i] = special[i] != 0;
      TextIndex text = sequenceIds[i] == 1 ? second : sequenceIds[i] == 0 ? first : null;
      // Inserted special tokens have no span (null) and no sequence: they keep 0/0.
      if (text != null && spans[i] != null) {
        int count = text.codePointCount();
        cpStart[i] = Math.max(0, Math.min(spans[i].getStart(), count));
        cpEnd[i] = Math.max(cpStart[i], Math.min(spans[i].getEnd(), count));
        start[i] = text.utf16(cpStart[i]);
        end[i] = text.utf16(cpEnd[i]);
      }
    }
    return new Encoding(
        ids,
        djl.getTokens(),
        start,
        end,
        cpStart,
        cpEnd,
        wordIds,
        sequenceIds,
        djl.getTypeIds(),
        djl.getAttentionMask(),
        specialMask);
  }

  /** The encoding followed by its overflowing windows, in text order. */
  static List<Encoding> withOverflow(
      ai.djl.huggingface.tokenizers.Encoding djl, TextIndex first, TextIndex second) {
    List<Encoding> windows = new ArrayList<>();
    windows.add(convert(djl, first, second));
    for (ai.djl.huggingface.tokenizers.Encoding overflow : djl.getOverflowing()) {
      windows.add(convert(overflow, first, second));
    }
    return windows;
  }

  /** Pads {@code e} to {@code length} tokens; a longer encoding is returned unchanged. */
  static Encoding pad(Encoding e, int length, long padId, String padToken, boolean left) {
    int n = e.length();
    if (n >= length) {
      return e;
    }
    int at = left ? length - n : 0; // where the real tokens go
    long[] ids = new long[length];
    String[] tokens = new String[length];
    int[] start = new int[length];
    int[] end = new int[length];
    int[] cpStart = new int[length];
    int[] cpEnd = new int[length];
    int[] wordIds = new int[length];
    int[] sequenceIds = new int[length];
    long[] typeIds = new long[length]; // pad type id 0, as HF's default
    long[] attention = new long[length];
    boolean[] special = new boolean[length];
    Arrays.fill(ids, padId);
    Arrays.fill(tokens, padToken);
    Arrays.fill(wordIds, -1);
    Arrays.fill(sequenceIds, -1);
    Arrays.fill(special, true);
    System.arraycopy(e.ids(), 0, ids, at, n);
    System.arraycopy(e.tokens(), 0, tokens, at, n);
    System.arraycopy(e.start(), 0, start, at, n);
    System.arraycopy(e.end(), 0, end, at, n);
    System.arraycopy(e.codePointStart(), 0, cpStart, at, n);
    System.arraycopy(e.codePointEnd(), 0, cpEnd, at, n);
    System.arraycopy(e.wordIds(), 0, wordIds, at, n);
    System.arraycopy(e.sequenceIds(), 0, sequenceIds, at, n);
    System.arraycopy(e.typeIds(), 0, typeIds, at, n);
    System.arraycopy(e.attentionMask(), 0, attention, at, n);
    System.arraycopy(e.specialTokensMask(), 0, special, at, n);
    return new Encoding(
        ids, tokens, start, end, cpStart, cpEnd, wordIds, sequenceIds, typeIds, attention, special);
  }
}
