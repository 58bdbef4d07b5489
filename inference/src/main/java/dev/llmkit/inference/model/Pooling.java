package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;

/**
 * Sentence embeddings from a last hidden state, as sentence-transformers' {@code Pooling} module.
 */
public enum Pooling {
  /** Average of the token vectors where the attention mask is 1. */
  MEAN,
  /** The first token's vector ({@code [CLS]} / {@code <s>}). */
  CLS;

  /**
   * @param hidden {@code (B, T, C)}
   * @param attentionMask {@code (B, T)} of 0/1, or {@code null} when no position is padded (a lone
   *     text): the mean then needs one operator instead of seven
   * @return {@code (B, C)} in {@code hidden}'s manager
   */
  public NDArray pool(NDArray hidden, NDArray attentionMask) {
    return switch (this) {
      case CLS -> hidden.get(new NDIndex(":, 0, :"));
      case MEAN -> {
        if (attentionMask == null) {
          yield hidden.mean(new int[] {1});
        }
        NDArray mask = attentionMask.toType(hidden.getDataType(), false).expandDims(-1); // (B,T,1)
        NDArray sum = hidden.mul(mask).sum(new int[] {1}); // (B, C)
        NDArray count = mask.sum(new int[] {1}).clip(1e-9f, Float.MAX_VALUE); // (B, 1)
        yield sum.div(count);
      }
    };
  }

  /** L2-normalises rows of {@code (B, C)} like {@code torch.nn.functional.normalize}. */
  public static NDArray normalize(NDArray embeddings) {
    NDArray norm = embeddings.norm(new int[] {-1}, true).clip(1e-12f, Float.MAX_VALUE); // (B, 1)
    return embeddings.div(norm);
  }
}
