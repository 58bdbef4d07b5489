package dev.llmkit.inference.embedding;

import ai.djl.ndarray.NDArray;

/** What the embedding pipeline needs of an encoder model. */
public interface TokenEncoder {

  /**
   * Runs the encoder.
   *
   * @param inputIds {@code (B, T)} int64
   * @param attentionMask {@code (B, T)} int64, 1 for real tokens
   * @param tokenTypeIds {@code (B, T)} int64
   * @return {@code (B, T, C)} last hidden state
   */
  NDArray hiddenStates(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds);

  /** The longest input in tokens the model accepts, special tokens included. */
  int maxLength();
}
