package dev.llmkit.server.pipeline;

import dev.llmkit.inference.generation.GenerationOptions;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.TextGenerator;
import dev.llmkit.inference.generation.TokenStreamListener;
import dev.llmkit.server.engine.QueueClosedException;
import dev.llmkit.server.engine.QueueFullException;
import dev.llmkit.server.service.FinishReason;
import dev.llmkit.server.service.GeneratedToken;
import dev.llmkit.server.service.Generation;
import dev.llmkit.server.service.GenerationParameters;
import dev.llmkit.server.service.GenerationService;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.TokenListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link GenerationService} over a {@link TextGenerator}: one generation at a time on one worker
 * thread, a bounded wait queue (429 when full), and cancellation checked after every token.
 *
 * <p>With an {@link InputLimiter}, a prompt longer than the limit is refused ({@code error}, 413)
 * or keeps its last tokens ({@code truncate}); {@code chunk} is refused by the config validator.
 */
public final class GenerationPipelineService extends ServiceResources<GenerationPipelineService>
    implements GenerationService {

  private final TextGenerator generator;
  private final ModelInfo model;
  private final long eosTokenId;
  private volatile GenerationParameters.Defaults defaults = GenerationParameters.Defaults.NONE;
  private final int maxQueueSize;
  private final ThreadPoolExecutor worker;
  private final InputLimiter limiter;

  /**
   * Serves {@code generator}.
   *
   * @param eosTokenId the model's end-of-sequence id (its token is reported as special)
   * @param maxQueueSize most generations waiting for the worker
   */
  public GenerationPipelineService(
      TextGenerator generator, ModelInfo model, long eosTokenId, int maxQueueSize) {
    this(generator, model, eosTokenId, maxQueueSize, null);
  }

  /**
   * Serves {@code generator}, prompts limited by {@code limiter}.
   *
   * @param limiter the prompt limit, or null for none beyond the model's own context
   */
  public GenerationPipelineService(
      TextGenerator generator,
      ModelInfo model,
      long eosTokenId,
      int maxQueueSize,
      InputLimiter limiter) {
    this.limiter = limiter;
    this.generator = generator;
    this.model = model;
    this.eosTokenId = eosTokenId;
    this.maxQueueSize = maxQueueSize;
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(maxQueueSize),
            r -> {
              Thread t = new Thread(r, "llmkit-generate");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public GenerationParameters.Defaults defaults() {
    return defaults;
  }

  /** Uses the model's decoding defaults for what requests leave out; returns this service. */
  public GenerationPipelineService withDefaults(GenerationParameters.Defaults defaults) {
    this.defaults = defaults;
    return this;
  }

  @Override
  public CompletableFuture<Generation> generate(
      String text, GenerationParameters parameters, TokenListener listener) {
    GenerationOptions options = options(parameters);
    String prompt = text;
    if (limiter != null) {
      switch (limiter.policy()) {
        case ERROR -> {
          int tokens = limiter.count(text);
          if (tokens > limiter.maxTokens()) {
            return CompletableFuture.failedFuture(limiter.refusal("the prompt", tokens));
          }
        }
        case TRUNCATE -> prompt = limiter.keepLast(text);
        case CHUNK ->
            throw new IllegalStateException("generate.on_too_long chunk is refused at startup");
      }
    }
    String input = prompt;
    CompletableFuture<Generation> future = new CompletableFuture<>();
    try {
      worker.execute(() -> run(input, options, listener, future));
    } catch (RejectedExecutionException e) {
      if (worker.isShutdown()) {
        return CompletableFuture.failedFuture(
            new QueueClosedException("generation is shutting down"));
      }
      return CompletableFuture.failedFuture(
          new QueueFullException("generate", maxQueueSize, Duration.ofSeconds(5)));
    }
    return future;
  }

  private void run(
      String prompt,
      GenerationOptions options,
      TokenListener listener,
      CompletableFuture<Generation> future) {
    if (future.isDone()) {
      return; // The client left (or its deadline passed) while it waited.
    }
    List<GeneratedToken> tokens = new ArrayList<>();
    List<List<GeneratedToken>> topTokens = new ArrayList<>();
    try {
      List<GenerationResult> results =
          generator.generate(
              prompt,
              options,
              streamed -> {
                GeneratedToken token =
                    new GeneratedToken(
                        streamed.tokenId(),
                        streamed.text(),
                        (float) streamed.logprob(),
                        streamed.tokenId() == eosTokenId);
                tokens.add(token);
                if (options.topNTokens() > 0) {
                  List<GeneratedToken> top =
                      streamed.topTokens().stream()
                          .map(
                              t ->
                                  new GeneratedToken(
                                      t.tokenId(), t.text(), (float) t.logprob(), t.special()))
                          .toList();
                  topTokens.add(top);
                  listener.onToken(token, top);
                } else {
                  listener.onToken(token);
                }
                return future.isDone()
                    ? TokenStreamListener.Action.CANCEL
                    : TokenStreamListener.Action.CONTINUE;
              });
      GenerationResult result = results.get(0);
      future.complete(
          new Generation(
              result.generatedText(),
              finishReason(result.details().finishReason()),
              tokens,
              options.seed(),
              topTokens));
    } catch (IllegalArgumentException e) {
      future.completeExceptionally(new InvalidInputException(e.getMessage()));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }

  static GenerationOptions options(GenerationParameters p) {
    try {
      return GenerationOptions.builder()
          .maxNewTokens(p.maxNewTokens())
          .doSample(p.doSample())
          .temperature(p.temperature())
          .topK(p.topK())
          .topP(p.topP())
          .repetitionPenalty(p.repetitionPenalty())
          .seed(p.seed())
          .stop(p.stop())
          .returnFullText(false)
          .topNTokens(p.topNTokens())
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
  }

  private static FinishReason finishReason(dev.llmkit.inference.generation.FinishReason reason) {
    return switch (reason) {
      case EOS_TOKEN -> FinishReason.EOS_TOKEN;
      case STOP_SEQUENCE -> FinishReason.STOP_SEQUENCE;
      // Cancelled generations are never reported: their future is already done.
      case LENGTH, CANCELLED -> FinishReason.LENGTH;
    };
  }

  /** Lets the running and queued generations finish (30 s at most), then frees the model. */
  @Override
  public void close() {
    worker.shutdown();
    try {
      worker.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    closeResources();
  }
}
