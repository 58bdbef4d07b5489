package dev.llmkit.server.engine;

import java.time.Duration;

/**
 * How a {@link BatchingQueue} forms batches, as TEI's router does: a batch closes when it holds
 * {@code maxBatchSize} requests, when the next request would push it past {@code maxBatchTokens},
 * or when its oldest request has waited {@code maxWait} (under load only: an idle queue runs a lone
 * request at once).
 *
 * @param maxBatchTokens token budget of one batch (sum of the requests' token counts)
 * @param maxBatchSize most requests in one batch
 * @param maxWait longest time the first request of a batch waits for company, under load
 * @param maxQueueSize most requests waiting; beyond it {@link BatchingQueue#submit} refuses
 */
public record BatchLimits(
    int maxBatchTokens, int maxBatchSize, Duration maxWait, int maxQueueSize) {

  /** Defaults sized for a BERT-base model on a CPU. */
  public static final BatchLimits DEFAULT = new BatchLimits(16_384, 32, Duration.ofMillis(5), 1024);

  /** Validates every limit. */
  public BatchLimits {
    if (maxBatchTokens < 1) {
      throw new IllegalArgumentException("maxBatchTokens must be >= 1, got " + maxBatchTokens);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
    }
    if (maxWait == null || maxWait.isNegative()) {
      throw new IllegalArgumentException("maxWait must be >= 0, got " + maxWait);
    }
    if (maxQueueSize < 1) {
      throw new IllegalArgumentException("maxQueueSize must be >= 1, got " + maxQueueSize);
    }
  }
}
