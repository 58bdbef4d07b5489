package dev.llmkit.tokenization;

import java.util.Arrays;
import java.util.Objects;

/**
 * One tokenized sequence (or pair of sequences), aligned array by array: index {@code i} of every
 * array describes token {@code i}.
 *
 * <p>Offsets point into the <em>original</em> text that was passed to the tokenizer: {@code
 * text.substring(start[i], end[i])} is the text token {@code i} came from ({@code start/end} are
 * UTF-16 indices as Java strings use), and {@code codePointStart/codePointEnd} are the same spans
 * counted in Unicode code points, which is what Python and Hugging Face report. For a pair, tokens
 * of the second sequence index into the second text. Special tokens inserted by the tokenizer (for
 * example {@code [CLS]}) and padding have offsets 0/0, word id -1 and sequence id -1.
 *
 * @param ids vocabulary ids
 * @param tokens token strings as the vocabulary spells them ({@code ##ing}, {@code Ġworld})
 * @param start UTF-16 start offset (inclusive) into the original text
 * @param end UTF-16 end offset (exclusive)
 * @param codePointStart code-point start offset (inclusive), as Python/HF report it
 * @param codePointEnd code-point end offset (exclusive)
 * @param wordIds index of the pre-tokenized word a token belongs to, -1 for special/padding
 * @param sequenceIds 0 for the first text, 1 for the second, -1 for special/padding tokens
 * @param typeIds segment (token type) ids as the model expects them
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param specialTokensMask true for tokens the tokenizer added (special tokens, padding)
 */
public record Encoding(
    long[] ids,
    String[] tokens,
    int[] start,
    int[] end,
    int[] codePointStart,
    int[] codePointEnd,
    int[] wordIds,
    int[] sequenceIds,
    long[] typeIds,
    long[] attentionMask,
    boolean[] specialTokensMask) {

  /** Checks that every array has one entry per token. */
  public Encoding {
    Objects.requireNonNull(ids, "ids");
    int n = ids.length;
    if (tokens.length != n
        || start.length != n
        || end.length != n
        || codePointStart.length != n
        || codePointEnd.length != n
        || wordIds.length != n
        || sequenceIds.length != n
        || typeIds.length != n
        || attentionMask.length != n
        || specialTokensMask.length != n) {
      throw new IllegalArgumentException("all Encoding arrays must have length " + n);
    }
  }

  /** Number of tokens, padding included. */
  public int length() {
    return ids.length;
  }

  /** Number of tokens whose attention mask is 1 (everything but padding). */
  public int realLength() {
    int count = 0;
    for (long m : attentionMask) {
      count += (int) m;
    }
    return count;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Encoding e
        && Arrays.equals(ids, e.ids)
        && Arrays.equals(tokens, e.tokens)
        && Arrays.equals(start, e.start)
        && Arrays.equals(end, e.end)
        && Arrays.equals(codePointStart, e.codePointStart)
        && Arrays.equals(codePointEnd, e.codePointEnd)
        && Arrays.equals(wordIds, e.wordIds)
        && Arrays.equals(sequenceIds, e.sequenceIds)
        && Arrays.equals(typeIds, e.typeIds)
        && Arrays.equals(attentionMask, e.attentionMask)
        && Arrays.equals(specialTokensMask, e.specialTokensMask);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(start);
  }

  @Override
  public String toString() {
    return "Encoding" + Arrays.toString(tokens);
  }
}
