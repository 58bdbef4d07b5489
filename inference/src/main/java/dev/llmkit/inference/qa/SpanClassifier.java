package dev.llmkit.inference.qa;

import ai.djl.ndarray.NDArray;

/** What the question-answering pipeline needs of an extractive QA model. */
public interface SpanClassifier {

  /**
   * Start and end logits of a batch.
   *
   * @param start {@code (B, T)}
   * @param end {@code (B, T)}
   */
  record Logits(NDArray start, NDArray end) {}

  /**
   * Runs the model.
   *
   * @param inputIds {@code (B, T)} int64
   * @param attentionMask {@code (B, T)} int64, 1 for real tokens
   * @param tokenTypeIds {@code (B, T)} int64
   */
  Logits spanLogits(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds);

  /** The longest input in tokens the model accepts, special tokens included. */
  int maxLength();
}
