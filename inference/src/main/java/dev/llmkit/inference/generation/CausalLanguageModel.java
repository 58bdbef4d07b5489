package dev.llmkit.inference.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.OptionalLong;

/** A decoder-only language model that {@link TextGenerator} can drive one token at a time. */
public interface CausalLanguageModel {

  /** The manager holding the weights; each request works in a child of it. */
  NDManager manager();

  /** Size of the output vocabulary (columns of the logits). */
  int vocabSize();

  /** Maximum number of positions (prompt plus generated tokens). */
  int contextLength();

  /** The end-of-sequence token id, if the model has one. */
  OptionalLong eosTokenId();

  /** The beginning-of-sequence token id, used when the prompt is empty. */
  OptionalLong bosTokenId();

  /**
   * A cache sized for {@code capacity} positions of {@code batchSize} sequences.
   *
   * @param manager the request's manager
   */
  KvCache newCache(NDManager manager, int batchSize, int capacity);

  /**
   * Runs the new tokens through the model after those already in {@code cache} and returns the
   * logits of the last position; the cache then holds the new tokens too.
   *
   * @param inputIds (B, T) int64, in the manager the result should belong to
   * @return (B, V) float32 logits
   */
  NDArray nextTokenLogits(NDArray inputIds, KvCache cache);
}
