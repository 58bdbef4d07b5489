package dev.llmkit.server.pipeline;

import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.ner.TokenLogits;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link NerService} over a {@link NerPipeline}, batched across requests.
 *
 * <p>Texts longer than the input limit: {@code error} refuses them (413); {@code truncate} cuts
 * them after the last whole token that fits (entities then come from the kept prefix only); {@code
 * chunk} runs the pipeline's windowing, Hugging Face's {@code stride}: windows of the model's
 * length overlapping by the request's {@code stride}, or by a quarter window when it gives none,
 * entities merged across windows. Windowing needs an aggregation strategy other than {@code none}
 * (as in HF), so a long text with {@code none} under {@code chunk} is refused with 422, and a
 * request whose windows hold more than {@code max_request_tokens} tokens with 413.
 *
 * <p>Texts are encoded once, at admission; the batching queue runs their windows, so a long text
 * takes turns with other requests batch by batch, and stops between batches when its deadline
 * passes or its client goes away. The entities are decoded once all windows of a request have run.
 */
public final class NerPipelineService extends ServiceResources<NerPipelineService>
    implements NerService {

  private final NerPipeline pipeline;
  private final ModelInfo model;
  private final PipelineBatcher<Encoding, Boolean, float[][]> batcher;
  private final InputLimiter limiter;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to encode texts at admission
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
    // The queue runs windows: a long text takes turns with other requests, window batch by batch.
    this.batcher =
        new PipelineBatcher<>(
            "ner",
            limits,
            Encoding::length,
            (windows, unused) -> pipeline.logits(windows),
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
    NerParameters effective = parameters;
    List<List<Encoding>> windows = null;
    switch (limiter.policy()) {
      case ERROR -> windows = limiter.encodeWithin(texts).stream().map(List::of).toList();
      case TRUNCATE ->
          windows = texts.stream().map(e -> List.of(limiter.encodeTruncated(e))).toList();
      case CHUNK -> {
        if (parameters.stride() == 0) {
          if (parameters.aggregationStrategy() != AggregationStrategy.NONE) {
            // A text that fits gives one window either way; a longer one is windowed.
            effective =
                new NerParameters(
                    parameters.aggregationStrategy(),
                    parameters.ignoreLabels(),
                    Math.max(1, pipeline.maxLength() / 4));
          } else if (texts.stream().anyMatch(limiter::tooLong)) {
            throw new InvalidInputException(
                "a text is longer than "
                    + limiter.maxTokens()
                    + " tokens and ner.on_too_long is chunk, which windows it with HF's stride:"
                    + " give an aggregation_strategy other than none");
          }
        }
      }
    }
    NerOptions options = options(effective);
    if (windows == null) {
      windows = new ArrayList<>(texts.size());
      for (String text : texts) {
        windows.add(pipeline.windows(text, options));
      }
    }
    if (limiter.policy() == TooLongPolicy.CHUNK) {
      limiter.requireRequestWithin(
          windows.stream().flatMap(List::stream).mapToInt(Encoding::length).sum());
    }
    List<List<Encoding>> perText = windows;
    return batcher.submit(
        windows.stream().flatMap(List::stream).toList(),
        Boolean.TRUE,
        logits -> decode(texts, perText, logits, options));
  }

  private List<List<NerEntity>> decode(
      List<String> texts,
      List<List<Encoding>> windows,
      List<float[][]> logits,
      NerOptions options) {
    List<List<NerEntity>> out = new ArrayList<>(texts.size());
    int next = 0;
    for (int i = 0; i < texts.size(); i++) {
      List<TokenLogits> scored = new ArrayList<>(windows.get(i).size());
      for (Encoding window : windows.get(i)) {
        scored.add(new TokenLogits(window, logits.get(next++)));
      }
      out.add(
          pipeline.decode(texts.get(i), scored, options).stream()
              .map(NerPipelineService::entity)
              .toList());
    }
    return out;
  }

  static NerOptions options(NerParameters p) {
    if (p.stride() > 0 && p.aggregationStrategy() == AggregationStrategy.NONE) {
      throw new InvalidInputException(
          "parameters.stride needs an aggregation_strategy other than none");
    }
    try {
      NerOptions.Builder b =
          NerOptions.builder()
              .aggregationStrategy(p.aggregationStrategy())
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

  /** The batching queue of the windows (stats, depth). */
  BatchingQueue<?, ?> queue() {
    return batcher.queue();
  }

  @Override
  public void close() {
    batcher.close();
    pipeline.close();
    closeResources();
  }
}
