package dev.llmkit.inference.fillmask;

import java.util.List;
import java.util.Objects;

/**
 * Options of {@link FillMaskPipeline}, named and defaulted as in Hugging Face's {@code
 * FillMaskPipeline}.
 *
 * @param topK {@code top_k}: candidates per mask (default 5)
 * @param targets {@code targets}: score only these words (empty for the whole vocabulary); a word
 *     outside the vocabulary is replaced by its first token, as transformers does
 */
public record FillMaskOptions(int topK, List<String> targets) {

  /** Hugging Face's default {@code top_k}. */
  public static final int DEFAULT_TOP_K = 5;

  /** Validates and copies. */
  public FillMaskOptions {
    if (topK < 1) {
      throw new IllegalArgumentException("top_k must be at least 1, got " + topK);
    }
    targets = List.copyOf(Objects.requireNonNull(targets, "targets"));
  }

  /** {@code top_k} 5, no targets. */
  public static FillMaskOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link FillMaskOptions}. */
  public static final class Builder {
    private int topK = DEFAULT_TOP_K;
    private List<String> targets = List.of();

    private Builder() {}

    /** Candidates per mask. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Restrict the candidates to these words. */
    public Builder targets(List<String> targets) {
      this.targets = targets;
      return this;
    }

    /** Builds the options. */
    public FillMaskOptions build() {
      return new FillMaskOptions(topK, targets);
    }
  }
}
