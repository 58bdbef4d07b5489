package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.nn.Parameters;

/**
 * A bidirectional transformer encoder (BERT, DistilBERT, RoBERTa) returning the last hidden state.
 * Implementations are stateless apart from their weights and safe to call from several threads;
 * every array a call creates belongs to the manager of {@code inputIds}, so callers run each
 * request in a child manager ({@code base.newSubManager()}) and close it afterwards.
 */
public interface Encoder extends AutoCloseable {

  /**
   * Runs the encoder.
   *
   * @param inputIds {@code (B, T)} int64 token ids
   * @param attentionMask {@code (B, T)} int64, 1 for tokens and 0 for padding
   * @param tokenTypeIds {@code (B, T)} int64 segment ids, or {@code null} for all zeros (ignored by
   *     families without token types)
   * @return the last hidden state {@code (B, T, C)}
   * @throws ModelInputException on mismatched shapes, ids out of range or too-long sequences
   */
  NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds);

  /** {@code C}, the hidden size. */
  int hiddenSize();

  /** {@code max_position_embeddings} from the config. */
  int maxPositionEmbeddings();

  /**
   * The longest sequence the position table allows: {@link #maxPositionEmbeddings()}, less the
   * {@code padding_idx + 1} positions RoBERTa reserves.
   */
  int maxSequenceLength();

  /** Whether {@code tokenTypeIds} are used (BERT). */
  boolean usesTokenTypes();

  /** The architecture. */
  ModelFamily family();

  /** The weights (including any head loaded with this encoder), by Hugging Face name. */
  Parameters parameters();

  /** Frees the weights. */
  @Override
  void close();
}
