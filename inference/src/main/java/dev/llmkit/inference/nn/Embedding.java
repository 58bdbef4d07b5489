package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;

/**
 * {@code torch.nn.Embedding}: a row lookup that stays differentiable with respect to the table.
 *
 * @param weight {@code (N, C)}
 */
public record Embedding(NDArray weight) {

  /** {@code (...)} int64 ids → {@code (..., C)}; the result belongs to the ids' manager. */
  public NDArray forward(NDArray ids) {
    return ai.djl.nn.core.Embedding.embedding(ids, weight, SparseFormat.DENSE).singletonOrThrow();
  }

  /** Number of rows. */
  public long size() {
    return weight.getShape().get(0);
  }
}
