package dev.llmkit.inference.embedding;

import dev.llmkit.inference.model.Pooling;
import java.util.Objects;

/**
 * Options of the embedding pipeline.
 *
 * @param pooling how token vectors are pooled, default {@link Pooling#MEAN}
 * @param normalize scale vectors to unit length, default true (as sentence-transformers models such
 *     as all-MiniLM-L6-v2 are used)
 * @param truncate cut texts longer than the model's maximum length; when false (the default, as in
 *     Hugging Face's text-embeddings-inference) such a text is an {@link InputTooLongException}
 */
public record EmbeddingOptions(Pooling pooling, boolean normalize, boolean truncate) {

  /** Checks the pooling is set. */
  public EmbeddingOptions {
    Objects.requireNonNull(pooling, "pooling");
  }

  /** Mean pooling, normalized, no truncation. */
  public static EmbeddingOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link EmbeddingOptions}. */
  public static final class Builder {
    private Pooling pooling = Pooling.MEAN;
    private boolean normalize = true;
    private boolean truncate;

    private Builder() {}

    /** Sets the pooling. */
    public Builder pooling(Pooling pooling) {
      this.pooling = pooling;
      return this;
    }

    /** Sets whether vectors are scaled to unit length. */
    public Builder normalize(boolean normalize) {
      this.normalize = normalize;
      return this;
    }

    /** Sets whether long texts are cut (true) or rejected (false). */
    public Builder truncate(boolean truncate) {
      this.truncate = truncate;
      return this;
    }

    /** Builds the options. */
    public EmbeddingOptions build() {
      return new EmbeddingOptions(pooling, normalize, truncate);
    }
  }
}
