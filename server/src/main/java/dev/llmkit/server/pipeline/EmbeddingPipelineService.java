package dev.llmkit.server.pipeline;

import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link EmbeddingService} over an {@link EmbeddingPipeline}, batched across requests. */
public final class EmbeddingPipelineService implements EmbeddingService {

  private final EmbeddingPipeline pipeline;
  private final ModelInfo model;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final int dimensions;
  private final PipelineBatcher<String, EmbeddingOptions, Embedding> batcher;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to count tokens for the batch budget
   * @param dimensions the encoder's hidden size
   */
  public EmbeddingPipelineService(
      EmbeddingPipeline pipeline,
      Tokenizer tokenizer,
      int dimensions,
      ModelInfo model,
      BatchLimits limits,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    this.dimensions = dimensions;
    this.batcher =
        new PipelineBatcher<>(
            "embed",
            limits,
            text -> tokenizer.encode(text).length(),
            pipeline::embed,
            EmbeddingPipelineService::rejection,
            registry);
  }

  private static RuntimeException rejection(IllegalArgumentException e) {
    if (e instanceof dev.llmkit.inference.embedding.InputTooLongException tooLong) {
      return new InputTooLongException(tooLong.tokenCount(), tooLong.limit());
    }
    return new InvalidInputException(e.getMessage());
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public CompletableFuture<Embeddings> embed(List<String> texts, EmbedParameters parameters) {
    EmbeddingOptions options =
        EmbeddingOptions.builder()
            .normalize(parameters.normalize())
            .truncate(parameters.truncate())
            .build();
    return batcher
        .submit(texts, options)
        .thenApply(
            vectors ->
                new Embeddings(
                    vectors.stream().map(Embedding::vector).toList(),
                    vectors.stream().mapToInt(Embedding::tokenCount).sum()));
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  /** Also closes {@code resource} (model, tokenizer, manager) when this service closes. */
  public EmbeddingPipelineService alsoClose(AutoCloseable resource) {
    resources.add(resource);
    return this;
  }

  @Override
  public void close() {
    batcher.close();
    pipeline.close();
    Resources.closeAll(resources);
  }
}
