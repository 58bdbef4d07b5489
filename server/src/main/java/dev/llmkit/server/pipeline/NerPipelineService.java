package dev.llmkit.server.pipeline;

import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.AggregationStrategy;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link NerService} over a {@link NerPipeline}, batched across requests. */
public final class NerPipelineService implements NerService {

  private final NerPipeline pipeline;
  private final ModelInfo model;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final PipelineBatcher<String, NerOptions, List<Entity>> batcher;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to count tokens for the batch budget
   */
  public NerPipelineService(
      NerPipeline pipeline,
      Tokenizer tokenizer,
      ModelInfo model,
      BatchLimits limits,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    this.batcher =
        new PipelineBatcher<>(
            "ner",
            limits,
            text -> tokenizer.encode(text).length(),
            pipeline::run,
            e -> new InvalidInputException(e.getMessage()),
            registry);
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public CompletableFuture<List<List<NerEntity>>> recognize(
      List<String> texts, NerParameters parameters) {
    NerOptions options = options(parameters);
    return batcher
        .submit(texts, options)
        .thenApply(
            results ->
                results.stream()
                    .map(entities -> entities.stream().map(NerPipelineService::entity).toList())
                    .toList());
  }

  static NerOptions options(NerParameters p) {
    if (p.stride() > 0 && p.aggregationStrategy() == AggregationStrategy.NONE) {
      throw new InvalidInputException(
          "parameters.stride needs an aggregation_strategy other than none");
    }
    try {
      NerOptions.Builder b =
          NerOptions.builder()
              .aggregationStrategy(
                  dev.llmkit.inference.ner.AggregationStrategy.valueOf(
                      p.aggregationStrategy().name()))
              .ignoreLabels(p.ignoreLabels());
      if (p.stride() > 0) {
        b.stride(p.stride());
      }
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  static NerEntity entity(Entity e) {
    boolean group = e.isGroup();
    return new NerEntity(
        group ? e.entity() : null,
        group ? null : e.entity(),
        (float) e.score(),
        group ? null : e.index().getAsInt(),
        e.word(),
        e.start(),
        e.end(),
        e.utf16Start(),
        e.utf16End());
  }

  /** Also closes {@code resource} (model, tokenizer, manager) when this service closes. */
  public NerPipelineService alsoClose(AutoCloseable resource) {
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
