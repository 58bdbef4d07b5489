package dev.llmkit.server.engine;

import java.util.List;

/**
 * Runs a model on one batch. Called only from the queue's worker thread, so implementations need no
 * locking of their own.
 *
 * @param <I> one request's input
 * @param <O> one request's output
 */
@FunctionalInterface
public interface BatchFunction<I, O> {

  /**
   * Computes one output per input, in the same order.
   *
   * @throws Exception any failure; every request of the batch then fails with it
   */
  List<O> apply(List<I> inputs) throws Exception;
}
