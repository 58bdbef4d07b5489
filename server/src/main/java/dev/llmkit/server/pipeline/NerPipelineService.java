package dev.llmkit.server.pipeline;

import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.AggregationStrategy;
import dev.llmkit.server.service.AttentionService;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link NerService} over a {@link NerPipeline}, batched across requests.
 *
 * <p>Texts longer than the input limit: {@code error} refuses them (413); {@code truncate} cuts
 * them after the last whole token that fits (entities then come from the kept prefix only); {@code
 * chunk} runs the pipeline's windowing, Hugging Face's {@code stride}: windows of the model's
 * length overlapping by the request's {@code stride}, or by a quarter window when it gives none,
 * entities merged across windows. Windowing needs an aggregation strategy other than {@code none}
 * (as in HF), so a long text with {@code none} under {@code chunk} is refused with 422.
 */
public final class NerPipelineService implements NerService {

  private final NerPipeline pipeline;
  private final ModelInfo model;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final PipelineBatcher<String, NerOptions, List<Entity>> batcher;
  private final InputLimiter limiter;

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
      InputLimit inputLimit,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    this.limiter = new InputLimiter("ner", tokenizer, inputLimit, pipeline.maxLength());
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
    List<String> inputs = texts;
    NerParameters effective = parameters;
    switch (limiter.policy()) {
      case ERROR -> limiter.requireWithin(texts);
      case TRUNCATE -> inputs = texts.stream().map(limiter::truncate).toList();
      case CHUNK -> {
        if (parameters.stride() == 0 && texts.stream().anyMatch(limiter::tooLong)) {
          if (parameters.aggregationStrategy() == AggregationStrategy.NONE) {
            throw new InvalidInputException(
                "a text is longer than "
                    + limiter.maxTokens()
                    + " tokens and ner.on_too_long is chunk, which windows it with HF's stride:"
                    + " give an aggregation_strategy other than none");
          }
          effective =
              new NerParameters(
                  parameters.aggregationStrategy(),
                  parameters.ignoreLabels(),
                  Math.max(1, pipeline.maxLength() / 4));
        }
      }
    }
    NerOptions options = options(effective);
    return batcher
        .submit(inputs, options)
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

  private volatile AttentionService attention;

  /** Lets {@code POST /attention} look inside this service's model; returns this service. */
  public NerPipelineService withAttention(AttentionService attention) {
    this.attention = attention;
    return this;
  }

  @Override
  public Optional<AttentionService> attention() {
    return Optional.ofNullable(attention);
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
