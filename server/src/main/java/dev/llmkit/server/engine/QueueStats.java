package dev.llmkit.server.engine;

/**
 * Counters of one {@link BatchingQueue} since it started.
 *
 * @param batches batches run
 * @param requests requests run inside those batches
 * @param tokens tokens run inside those batches
 * @param skipped requests dropped unrun because their future was already done (client gone)
 * @param rejected requests refused at submit (queue full, too large, closed)
 * @param failed requests whose batch threw
 */
public record QueueStats(
    long batches, long requests, long tokens, long skipped, long rejected, long failed) {

  /** Mean requests per batch, 0 before the first batch. */
  public double meanBatchSize() {
    return batches == 0 ? 0 : (double) requests / batches;
  }
}
