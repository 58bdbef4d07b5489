package dev.llmkit.inference.ner;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** What the NER pipeline needs of a token-classification model. */
public interface TokenClassifier {

  /**
   * Runs the model.
   *
   * @param inputIds {@code (B, T)} int64
   * @param attentionMask {@code (B, T)} int64, 1 for real tokens
   * @param tokenTypeIds {@code (B, T)} int64
   * @return {@code (B, T, L)} logits, one column per label
   */
  NDArray logits(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds);

  /** The labels in column order ({@code config.id2label}). */
  List<String> labels();

  /** The longest input in tokens the model accepts, special tokens included. */
  int maxLength();
}
