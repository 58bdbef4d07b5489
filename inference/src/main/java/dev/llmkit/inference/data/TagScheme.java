package dev.llmkit.inference.data;

/** Chunk tagging scheme of a CoNLL NER column. */
public enum TagScheme {
  /** {@code I-X} opens a chunk; {@code B-X} only separates two adjacent chunks of the same type. */
  IOB1,
  /** Every chunk opens with {@code B-X} (the scheme of the published CoNLL-2003 copies). */
  IOB2
}
