package dev.llmkit.inference.train.ner;

import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.Arrays;
import java.util.List;

/**
 * One CoNLL sentence as model input: its words joined by single spaces, tokenized with special
 * tokens, each token mapped back to its word through character offsets (a CoNLL word such as {@code
 * U.S.} can be several pre-tokenizer words, so the offsets, not the tokenizer's word ids, decide).
 * As in Hugging Face's {@code run_ner.py} the label of a word goes on its first sub-token and every
 * other token gets {@link #IGNORE}.
 *
 * @param ids token ids, special tokens included, at most {@code maxLength}
 * @param typeIds token type ids
 * @param labels per-token label id, or {@link #IGNORE}
 * @param firstToken for each word, the index of its first token, or -1 when it has none (cut off by
 *     the length limit, or a word the tokenizer drops entirely)
 */
public record NerFeatures(long[] ids, long[] typeIds, int[] labels, int[] firstToken) {

  /** The label id PyTorch's cross-entropy ignores. */
  public static final int IGNORE = -100;

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  /**
   * Encodes one sentence.
   *
   * @param words the sentence's words
   * @param labelIds the words' label ids, or null at prediction time
   * @param maxLength longest sequence, special tokens included; longer ones are cut (keeping the
   *     final special token)
   */
  public static NerFeatures encode(
      Tokenizer tokenizer, List<String> words, int[] labelIds, int maxLength) {
    int[] wordStart = new int[words.size()];
    StringBuilder text = new StringBuilder();
    for (int w = 0; w < words.size(); w++) {
      if (w > 0) {
        text.append(' ');
      }
      wordStart[w] = text.length();
      text.append(words.get(w));
    }
    Encoding e = tokenizer.encode(text.toString(), true);
    int n = e.length();
    int keep = Math.min(n, maxLength);
    long[] ids = Arrays.copyOf(e.ids(), keep);
    long[] types = Arrays.copyOf(e.typeIds(), keep);
    if (keep < n) {
      // Keep the closing special token ([SEP]) as truncation does.
      ids[keep - 1] = e.ids()[n - 1];
      types[keep - 1] = e.typeIds()[n - 1];
    }
    int[] labels = new int[keep];
    Arrays.fill(labels, IGNORE);
    int[] first = new int[words.size()];
    Arrays.fill(first, -1);
    int limit = keep < n ? keep - 1 : keep;
    for (int t = 0; t < limit; t++) {
      if (e.sequenceIds()[t] != 0 || e.end()[t] <= e.start()[t]) {
        continue;
      }
      int w = Arrays.binarySearch(wordStart, e.start()[t]);
      if (w < 0) {
        w = -w - 2; // the word whose span contains the token's start
      }
      if (w >= 0 && first[w] < 0) {
        first[w] = t;
        if (labelIds != null) {
          labels[t] = labelIds[w];
        }
      }
    }
    return new NerFeatures(ids, types, labels, first);
  }
}
