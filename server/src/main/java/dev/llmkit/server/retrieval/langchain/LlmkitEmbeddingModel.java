package dev.llmkit.server.retrieval.langchain;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * llmkit's {@link EmbeddingPipeline} as a LangChain4j {@link EmbeddingModel}. {@link #embedAll}
 * hands the whole list to the pipeline, which pads it into batches of its {@code batchSize} and
 * runs one forward per batch (not one per text).
 *
 * <pre>{@code
 * EmbeddingModel model = LlmkitEmbeddingModel.builder().pipeline(pipeline).dimension(384).build();
 * List<Embedding> vectors = model.embedAll(segments).content();
 * }</pre>
 */
public final class LlmkitEmbeddingModel implements EmbeddingModel {

  private final EmbeddingPipeline pipeline;
  private final EmbeddingOptions options;
  private final int dimension;
  private final String modelName;

  private LlmkitEmbeddingModel(Builder b) {
    this.pipeline = Objects.requireNonNull(b.pipeline, "pipeline");
    this.options = b.options;
    this.dimension = b.dimension;
    this.modelName = b.modelName;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<String> texts = new ArrayList<>(segments.size());
    for (TextSegment s : segments) {
      texts.add(s.text());
    }
    List<dev.llmkit.inference.embedding.Embedding> vectors = pipeline.embed(texts, options);
    List<Embedding> out = new ArrayList<>(vectors.size());
    int tokens = 0;
    for (dev.llmkit.inference.embedding.Embedding v : vectors) {
      out.add(Embedding.from(v.vector()));
      tokens += v.tokenCount();
    }
    return Response.from(out, new TokenUsage(tokens));
  }

  @Override
  public int dimension() {
    return dimension > 0 ? dimension : embed("dimension probe").content().dimension();
  }

  @Override
  public String modelName() {
    return modelName;
  }

  /** Builder of a {@link LlmkitEmbeddingModel}. */
  public static final class Builder {
    private EmbeddingPipeline pipeline;
    private EmbeddingOptions options =
        EmbeddingOptions.builder().normalize(true).truncate(true).build();
    private int dimension;
    private String modelName = "llmkit";

    private Builder() {}

    /** The pipeline (required); not closed by the model. */
    public Builder pipeline(EmbeddingPipeline pipeline) {
      this.pipeline = pipeline;
      return this;
    }

    /** Pooling, normalization, truncation; default mean pooling, normalized, truncating. */
    public Builder options(EmbeddingOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** The vector length, when known (otherwise probed with one embedding). */
    public Builder dimension(int dimension) {
      this.dimension = dimension;
      return this;
    }

    /** The name reported by {@link EmbeddingModel#modelName()}. */
    public Builder modelName(String modelName) {
      this.modelName = Objects.requireNonNull(modelName, "modelName");
      return this;
    }

    /** Builds the model. */
    public LlmkitEmbeddingModel build() {
      return new LlmkitEmbeddingModel(this);
    }
  }
}
