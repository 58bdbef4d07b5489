package dev.llmkit.server.config;

import dev.llmkit.server.engine.BatchLimits;
import java.time.Duration;

/**
 * Settings of one task (NER, QA, embeddings, generation, tokenization).
 *
 * @param model local directory or Hub id of the model; null disables the task
 * @param revision Hub revision, or null for the default branch
 * @param device {@code auto}, {@code cpu} or {@code cuda[:N]}
 * @param dtype the weights' precision, {@code float32} or {@code float16} (CUDA only), as the
 *     command line's {@code --dtype}
 * @param maxInputTokens longest input in tokens
 * @param onTooLong what to do with longer inputs
 * @param maxRequestTokens under {@code chunk}, the most tokens one request may make the model run,
 *     all its windows together; 413 beyond it
 * @param timeoutMs per-request deadline of the task's routes
 * @param maxBatchTokens token budget of one batch
 * @param maxBatchSize most requests in one batch
 * @param maxWaitMs longest wait for a batch to fill
 * @param maxQueueSize most waiting requests before 429
 */
public record TaskConfig(
    String model,
    String revision,
    String device,
    String dtype,
    int maxInputTokens,
    TooLongPolicy onTooLong,
    int maxRequestTokens,
    long timeoutMs,
    int maxBatchTokens,
    int maxBatchSize,
    long maxWaitMs,
    int maxQueueSize) {

  /** A disabled task with default limits. */
  public static TaskConfig defaults(TooLongPolicy policy, long timeoutMs) {
    return new TaskConfig(
        null,
        null,
        "auto",
        "float32",
        512,
        policy,
        InputLimit.DEFAULT_MAX_REQUEST_TOKENS,
        timeoutMs,
        16_384,
        32,
        5,
        1024);
  }

  /** Whether a model is configured. */
  public boolean enabled() {
    return model != null && !model.isBlank();
  }

  /** This task's per-request deadline. */
  public Duration timeout() {
    return Duration.ofMillis(timeoutMs);
  }

  /** The batching limits of this task's queue. */
  public BatchLimits batchLimits() {
    return new BatchLimits(
        maxBatchTokens, maxBatchSize, Duration.ofMillis(maxWaitMs), maxQueueSize);
  }

  /** This task's input length limit and policy. */
  public InputLimit inputLimit() {
    return new InputLimit(maxInputTokens, onTooLong, maxRequestTokens);
  }

  /** A copy with another model. */
  public TaskConfig withModel(String newModel) {
    return new TaskConfig(
        newModel,
        revision,
        device,
        dtype,
        maxInputTokens,
        onTooLong,
        maxRequestTokens,
        timeoutMs,
        maxBatchTokens,
        maxBatchSize,
        maxWaitMs,
        maxQueueSize);
  }
}
