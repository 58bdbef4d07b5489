package dev.llmkit.server.pipeline;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Runs a synchronous pipeline ({@code run(inputs, options)}) behind one {@link BatchingQueue}.
 *
 * <p>A batch may mix requests with different options; it runs as one pipeline call per distinct
 * options, in order of first appearance. When a call rejects its inputs ({@link
 * IllegalArgumentException}: one client's bad input), each input of that call is retried alone, so
 * that one request's failure never fails its neighbours.
 *
 * @param <I> one input (a text, a question and context)
 * @param <P> the pipeline's options record (compared with {@code equals})
 * @param <O> one output
 */
public final class PipelineBatcher<I, P, O> implements AutoCloseable {

  /** The pipeline call. */
  @FunctionalInterface
  public interface Call<I, P, O> {
    /** One output per input, in order. */
    List<O> run(List<I> inputs, P options);
  }

  private record Job<I, P>(I input, P options, int tokens) {}

  /** A value, or the failure of this one input. */
  private record Outcome<O>(O value, RuntimeException failure) {}

  private final BatchingQueue<Job<I, P>, Outcome<O>> queue;
  private final Call<I, P, O> call;
  private final Function<IllegalArgumentException, RuntimeException> rejection;
  private final ToIntFunction<I> tokens;

  /**
   * Creates the batcher and starts its worker thread.
   *
   * @param name queue name for metrics
   * @param limits batch limits
   * @param tokens token count of one input, for the budget (clamped to {@code maxBatchTokens}:
   *     pipelines window long inputs themselves)
   * @param call the pipeline
   * @param rejection turns the pipeline's rejection of one input into the client-facing exception
   *     ({@link dev.llmkit.server.service.InvalidInputException} or a subclass)
   * @param registry metrics registry
   */
  public PipelineBatcher(
      String name,
      BatchLimits limits,
      ToIntFunction<I> tokens,
      Call<I, P, O> call,
      Function<IllegalArgumentException, RuntimeException> rejection,
      MeterRegistry registry) {
    this.call = call;
    this.rejection = rejection;
    this.tokens = tokens;
    this.queue =
        BatchingQueue.<Job<I, P>, Outcome<O>>builder()
            .name(name)
            .limits(limits)
            .tokenCounter(Job::tokens)
            .function(this::runBatch)
            .meterRegistry(registry)
            .build();
  }

  /**
   * Queues {@code inputs}, all with {@code options}; the future holds their outputs in order.
   *
   * <p>The inputs go to the queue one batch's worth at a time (at most {@code maxBatchSize} inputs
   * and {@code maxBatchTokens} tokens); the next share joins the end of the queue when the previous
   * one has run. A long request (the windows of a long text) thus takes turns with the requests
   * that arrive while it runs instead of holding the worker until it ends. Completing the future
   * early (cancelled, timed out) drops the inputs not yet run: at most one share is running then.
   */
  public CompletableFuture<List<O>> submit(List<I> inputs, P options) {
    int budget = queue.limits().maxBatchTokens();
    List<Job<I, P>> jobs =
        inputs.stream()
            .map(input -> new Job<>(input, options, Math.min(tokens.applyAsInt(input), budget)))
            .toList();
    return new Turns(jobs).start();
  }

  /**
   * As {@link #submit(List, Object)}, then {@code finish} turns the outputs into the answer, off
   * the worker thread (decoding thousands of windows must not hold the model's queue). Completing
   * the returned future early (the route's deadline, a client gone) drops the inputs not yet run,
   * as completing the outputs' future would.
   */
  public <R> CompletableFuture<R> submit(List<I> inputs, P options, Function<List<O>, R> finish) {
    CompletableFuture<List<O>> outputs = submit(inputs, options);
    CompletableFuture<R> result = outputs.thenApplyAsync(finish);
    result.whenComplete(
        (value, failure) -> {
          if (failure != null) {
            outputs.cancel(true);
          }
        });
    return result;
  }

  /** One request's inputs, fed to the queue a batch's worth at a time. */
  private final class Turns {
    private final List<Job<I, P>> jobs;
    private final List<O> values;
    private final CompletableFuture<List<O>> result = new CompletableFuture<>();
    private volatile CompletableFuture<List<Outcome<O>>> running;

    Turns(List<Job<I, P>> jobs) {
      this.jobs = jobs;
      this.values = new ArrayList<>(jobs.size());
    }

    CompletableFuture<List<O>> start() {
      result.whenComplete(
          (done, failure) -> {
            CompletableFuture<List<Outcome<O>>> share = running;
            if (failure != null && share != null) {
              share.cancel(true);
            }
          });
      next(0);
      return result;
    }

    private void next(int from) {
      if (result.isDone()) {
        return;
      }
      if (from == jobs.size()) {
        result.complete(values);
        return;
      }
      int to = shareEnd(from);
      CompletableFuture<List<Outcome<O>>> share = queue.submitAll(jobs.subList(from, to));
      running = share;
      share.whenComplete(
          (outcomes, failure) -> {
            if (failure != null) {
              result.completeExceptionally(
                  failure instanceof CompletionException c && c.getCause() != null
                      ? c.getCause()
                      : failure);
              return;
            }
            for (Outcome<O> outcome : outcomes) {
              if (outcome.failure() != null) {
                result.completeExceptionally(outcome.failure());
                return;
              }
              values.add(outcome.value());
            }
            next(to);
          });
      if (result.isDone()) {
        share.cancel(true);
      }
    }

    /** The end of the share that starts at {@code from}: always at least one input. */
    private int shareEnd(int from) {
      BatchLimits limits = queue.limits();
      int to = from;
      long budget = 0;
      while (to < jobs.size() && to - from < limits.maxBatchSize()) {
        budget += jobs.get(to).tokens();
        if (to > from && budget > limits.maxBatchTokens()) {
          break;
        }
        to++;
      }
      return to;
    }
  }

  /** The underlying queue (stats, depth). */
  public BatchingQueue<?, ?> queue() {
    return queue;
  }

  private List<Outcome<O>> runBatch(List<Job<I, P>> jobs) {
    Map<P, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      groups.computeIfAbsent(jobs.get(i).options(), k -> new ArrayList<>()).add(i);
    }
    List<Outcome<O>> outcomes = new ArrayList<>(jobs.size());
    for (int i = 0; i < jobs.size(); i++) {
      outcomes.add(null);
    }
    for (Map.Entry<P, List<Integer>> group : groups.entrySet()) {
      List<I> inputs = group.getValue().stream().map(i -> jobs.get(i).input()).toList();
      try {
        List<O> values = call.run(inputs, group.getKey());
        for (int k = 0; k < values.size(); k++) {
          outcomes.set(group.getValue().get(k), new Outcome<>(values.get(k), null));
        }
      } catch (IllegalArgumentException rejected) {
        if (inputs.size() == 1) {
          outcomes.set(group.getValue().get(0), new Outcome<>(null, rejection.apply(rejected)));
          continue;
        }
        // Isolate the bad input: run each one alone.
        for (int k = 0; k < inputs.size(); k++) {
          outcomes.set(group.getValue().get(k), runAlone(inputs.get(k), group.getKey()));
        }
      }
    }
    return outcomes;
  }

  private Outcome<O> runAlone(I input, P options) {
    try {
      return new Outcome<>(call.run(List.of(input), options).get(0), null);
    } catch (IllegalArgumentException e) {
      return new Outcome<>(null, rejection.apply(e));
    }
  }

  /** Stops the queue after running what is queued (30 s at most). */
  @Override
  public void close() {
    queue.close();
  }
}
