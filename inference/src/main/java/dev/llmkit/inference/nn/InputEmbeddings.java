package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The input embeddings of BERT-family encoders: word, position and (where the model has them)
 * token-type embeddings summed, then LayerNorm ({@code BertEmbeddings} of <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/bert/modeling_bert.py">modeling_bert.py</a>,
 * DistilBERT's {@code Embeddings}, without dropout). The model families bind it under their own
 * weight names.
 *
 * <p>In inference on the CPU ({@link NoGrad}) the seven operators are one call into the engine
 * ({@code input_embeddings} in {@code kernels.py}), as {@link PostNormBlock} is; elsewhere, and
 * with {@code -Dllmkit.fused-blocks=false}, they are separate calls.
 *
 * @param word {@code (V, C)}
 * @param position {@code (P, C)}
 * @param tokenType {@code (S, C)}, or {@code null} for a model without segments (DistilBERT)
 * @param norm over {@code C}
 */
public record InputEmbeddings(
    Embedding word, Embedding position, Embedding tokenType, LayerNorm norm) {

  /**
   * @param ids {@code (B, T)} int64 token ids, already checked against the table sizes
   * @param positions {@code (B, T)} or {@code (T)} position ids, or {@code null} for {@code 0 ..
   *     T-1}
   * @param types {@code (B, T)} segment ids, or {@code null} for segment 0; ignored without a
   *     token-type table
   * @return {@code (B, T, C)} in {@code ids}' manager
   */
  public NDArray forward(NDArray ids, NDArray positions, NDArray types) {
    NDArray fused = fused(ids, positions, types);
    return fused != null ? fused : separately(ids, positions, types);
  }

  /** The embeddings as separate calls, one per operator. */
  NDArray separately(NDArray ids, NDArray positions, NDArray types) {
    if (positions == null) {
      positions = ids.getManager().arange(0, (int) ids.getShape().get(1), 1, DataType.INT64);
    }
    NDArray x = word.forward(ids).add(position.forward(positions)); // (B, T, C)
    if (tokenType != null) {
      x = x.add(tokenType.forward(types != null ? types : ids.zerosLike()));
    }
    return norm.forward(x);
  }

  /** The embeddings in one call where it applies, else {@code null}. */
  NDArray fused(NDArray ids, NDArray positions, NDArray types) {
    if (!PostNormBlock.FUSED) {
      return null;
    }
    TorchKernels kernels = TorchKernels.forInference(word.weight());
    if (kernels == null) {
      return null;
    }
    return kernels.inputEmbeddings(
        ids,
        positions,
        tokenType != null ? types : null,
        word.weight(),
        position.weight(),
        tokenType != null ? tokenType.weight() : null,
        norm);
  }
}
