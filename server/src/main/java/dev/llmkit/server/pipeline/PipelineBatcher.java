package dev.llmkit.server.pipeline;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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

  private record Job<I, P>(I input, P options) {}

  /** A value, or the failure of this one input. */
  private record Outcome<O>(O value, RuntimeException failure) {}

  private final BatchingQueue<Job<I, P>, Outcome<O>> queue;
  private final Call<I, P, O> call;
  private final Function<IllegalArgumentException, RuntimeException> rejection;

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
    this.queue =
        BatchingQueue.<Job<I, P>, Outcome<O>>builder()
            .name(name)
            .limits(limits)
            .tokenCounter(job -> Math.min(tokens.applyAsInt(job.input()), limits.maxBatchTokens()))
            .function(this::runBatch)
            .meterRegistry(registry)
            .build();
  }

  /**
   * Queues {@code inputs}, all with {@code options}; the future holds their outputs in order and,
   * completed early (cancelled, timed out), drops the inputs not yet run.
   */
  public CompletableFuture<List<O>> submit(List<I> inputs, P options) {
    List<Job<I, P>> jobs = inputs.stream().map(input -> new Job<>(input, options)).toList();
    CompletableFuture<List<Outcome<O>>> outcomes = queue.submitAll(jobs);
    CompletableFuture<List<O>> result =
        outcomes.thenApply(
            list -> {
              List<O> values = new ArrayList<>(list.size());
              for (Outcome<O> outcome : list) {
                if (outcome.failure() != null) {
                  throw outcome.failure();
                }
                values.add(outcome.value());
              }
              return values;
            });
    result.whenComplete(
        (values, failure) -> {
          if (failure != null) {
            outcomes.cancel(true);
          }
        });
    return result;
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
