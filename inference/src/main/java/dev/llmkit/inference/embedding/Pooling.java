package dev.llmkit.inference.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How token vectors become one sentence vector (sentence-transformers' {@code Pooling} module). */
public enum Pooling {
  /** Mean of the real (non-padding) tokens' vectors, special tokens included. */
  MEAN,
  /** The first token's vector ({@code [CLS]}). */
  CLS;

  /**
   * Pools a batch.
   *
   * @param hidden {@code (B, T, C)} last hidden state
   * @param attentionMask {@code (B, T)} int64, 1 for real tokens
   * @return {@code (B, C)}, in {@code hidden}'s manager
   */
  public NDArray pool(NDArray hidden, NDArray attentionMask) {
    return switch (this) {
      case CLS -> hidden.get(new NDIndex(":, 0, :")); // (B, C)
      case MEAN -> {
        NDArray mask = attentionMask.toType(hidden.getDataType(), false).expandDims(-1); // (B,T,1)
        NDArray sum = hidden.mul(mask).sum(new int[] {1}); // (B, C)
        // sentence-transformers clamps the count to 1e-9 so an all-padding row stays finite
        NDArray count = mask.sum(new int[] {1}).maximum(1e-9f); // (B, 1)
        yield sum.div(count);
      }
    };
  }

  /** Scales each row to unit L2 norm (PyTorch's {@code F.normalize}, eps 1e-12). */
  public static NDArray normalize(NDArray vectors) {
    NDArray norm = vectors.toType(DataType.FLOAT32, false).norm(new int[] {-1}, true); // (B, 1)
    return vectors.div(norm.maximum(1e-12f).toType(vectors.getDataType(), false));
  }

  /** Parses {@code mean} or {@code cls}, case-insensitively. */
  public static Pooling parse(String name) {
    for (Pooling p : values()) {
      if (p.name().equalsIgnoreCase(name.strip())) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "Unknown pooling '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }
}
