package dev.llmkit.tokenization;

/**
 * One encoded sequence (or pair), as the shared tokenizer contract defines it.
 *
 * <p>Placeholder copy of the contract owned by the tokenizer engineer ("tok"), committed on the
 * pipelines branch so that pipeline logic can be written against it before that branch lands; the
 * real file replaces it on merge.
 *
 * @param ids token ids
 * @param tokens token strings
 * @param start UTF-16 start offsets into the original text
 * @param end UTF-16 end offsets into the original text
 * @param codePointStart code-point start offsets (as Hugging Face reports them)
 * @param codePointEnd code-point end offsets
 * @param wordIds word index of each token, -1 for special and padding tokens
 * @param sequenceIds -1 special/padding, 0 first text, 1 second text
 * @param typeIds token type ids
 * @param attentionMask 1 for real tokens, 0 for padding
 * @param specialTokensMask true for special tokens
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

  /** Number of tokens, padding included. */
  public int length() {
    return ids.length;
  }
}
