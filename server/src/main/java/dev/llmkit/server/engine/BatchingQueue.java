package dev.llmkit.server.engine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A per-model dynamic batching queue, owned by one worker thread (the model is never called
 * concurrently).
 *
 * <p>Requests wait in FIFO order. The worker takes the oldest request, waits up to {@code maxWait}
 * for company when there is load (its last batch held more than one request, or more than one is
 * waiting; an idle queue runs a lone request at once, so batching costs a single client nothing),
 * then closes a batch from the head of the queue under {@code maxBatchSize} and the {@code
 * maxBatchTokens} budget; a request that does not fit stays at the head for the next batch, so
 * nobody starves. A request whose future is completed from outside while it waits (its client
 * cancelled, its deadline passed) leaves the queue at once and never runs. A full queue refuses new
 * requests with {@link QueueFullException}.
 *
 * <p>The design follows TEI's router (<a
 * href="https://github.com/huggingface/text-embeddings-inference/blob/main/core/src/queue.rs">queue.rs</a>).
 *
 * @param <I> one request's input
 * @param <O> one request's output
 */
public final class BatchingQueue<I, O> implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchingQueue.class);

  private record Pending<I, O>(I input, int tokens, CompletableFuture<O> future, long enqueued) {}

  private final String name;
  private final BatchLimits limits;
  private final ToIntFunction<I> tokenCounter;
  private final BatchFunction<I, O> function;
  private final NanoClock clock;
  private final Thread worker;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Pending<I, O>> queue = new ArrayDeque<>();
  private long queuedTokens;
  private int lastBatchSize; // the worker's last batch: more than 1 means load, worth waiting for
  private boolean accepting = true;

  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong tokens = new AtomicLong();
  private final AtomicLong skipped = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile long meanBatchNanos = TimeUnit.MILLISECONDS.toNanos(100);

  private final Timer queueTime;
  private final Timer batchTime;
  private final DistributionSummary batchSize;
  private final DistributionSummary batchTokens;
  private final Counter tokenCounterMetric;
  private final Counter skippedMetric;

  private BatchingQueue(Builder<I, O> b) {
    this.name = Objects.requireNonNull(b.name, "name");
    this.limits = Objects.requireNonNull(b.limits, "limits");
    this.tokenCounter = Objects.requireNonNull(b.tokenCounter, "tokenCounter");
    this.function = Objects.requireNonNull(b.function, "function");
    this.clock = Objects.requireNonNull(b.clock, "clock");
    MeterRegistry registry = b.registry == null ? new SimpleMeterRegistry() : b.registry;
    this.queueTime =
        Timer.builder("llmkit.queue.time")
            .description("Time a request waits in the batching queue")
            .tag("queue", name)
            .publishPercentileHistogram()
            .register(registry);
    this.batchTime =
        Timer.builder("llmkit.batch.duration")
            .description("Time to run one batch")
            .tag("queue", name)
            .publishPercentileHistogram()
            .register(registry);
    this.batchSize =
        DistributionSummary.builder("llmkit.batch.size")
            .description("Requests per batch")
            .tag("queue", name)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128)
            .register(registry);
    this.batchTokens =
        DistributionSummary.builder("llmkit.batch.tokens")
            .description("Tokens per batch")
            .tag("queue", name)
            .register(registry);
    this.tokenCounterMetric =
        Counter.builder("llmkit.tokens")
            .description("Tokens processed (rate = tokens/s)")
            .tag("queue", name)
            .register(registry);
    this.skippedMetric =
        Counter.builder("llmkit.requests.skipped")
            .description("Requests dropped because their client had gone")
            .tag("queue", name)
            .register(registry);
    Gauge.builder("llmkit.queue.depth", this, BatchingQueue::depth)
        .description("Requests waiting")
        .tag("queue", name)
        .register(registry);
    this.worker = new Thread(this::runWorker, "llmkit-batch-" + name);
    this.worker.setDaemon(true);
    this.worker.start();
  }

  /** Starts a builder. */
  public static <I, O> Builder<I, O> builder() {
    return new Builder<>();
  }

  /**
   * Enqueues one request.
   *
   * @return a future completed by the worker; it fails with {@link QueueFullException}, {@link
   *     InputTooLargeException} or {@link QueueClosedException} when the request is refused.
   *     Cancelling it before its batch forms removes the request from the work.
   */
  public CompletableFuture<O> submit(I input) {
    int count;
    try {
      count = tokenCounter.applyAsInt(input);
    } catch (RuntimeException e) {
      rejected.incrementAndGet();
      return CompletableFuture.failedFuture(e);
    }
    if (count > limits.maxBatchTokens()) {
      rejected.incrementAndGet();
      return CompletableFuture.failedFuture(
          new InputTooLargeException(count, limits.maxBatchTokens()));
    }
    CompletableFuture<O> future = new CompletableFuture<>();
    lock.lock();
    try {
      if (!accepting) {
        rejected.incrementAndGet();
        return CompletableFuture.failedFuture(
            new QueueClosedException("queue '" + name + "' is shutting down"));
      }
      if (queue.size() >= limits.maxQueueSize()) {
        rejected.incrementAndGet();
        return CompletableFuture.failedFuture(
            new QueueFullException(name, queue.size(), retryAfter()));
      }
      Pending<I, O> pending = new Pending<>(input, Math.max(count, 0), future, clock.nanoTime());
      queue.addLast(pending);
      queuedTokens += pending.tokens();
      changed.signalAll();
      future.whenComplete((value, failure) -> leave(pending));
    } finally {
      lock.unlock();
    }
    return future;
  }

  /**
   * Takes a request that was completed from outside (its deadline passed, its client went away) out
   * of the queue at once, so it holds neither a queue slot nor a share of the next batch.
   */
  private void leave(Pending<I, O> pending) {
    lock.lock();
    try {
      if (queue.removeIf(p -> p == pending)) {
        queuedTokens -= pending.tokens();
        skipped.incrementAndGet();
        skippedMetric.increment();
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Enqueues several requests, e.g. the texts of one HTTP request, as one future of all results in
   * order. When that future is completed early (cancelled, timed out), the requests not yet run are
   * cancelled, so the worker skips them. The inputs enter the queue together: the worker never sees
   * only the first of them, so how they are cut into batches does not depend on timing.
   */
  public CompletableFuture<List<O>> submitAll(List<I> inputs) {
    List<CompletableFuture<O>> parts;
    lock.lock();
    try {
      parts = inputs.stream().map(this::submit).toList();
    } finally {
      lock.unlock();
    }
    CompletableFuture<List<O>> all =
        CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new))
            .thenApply(done -> parts.stream().map(CompletableFuture::join).toList());
    all.whenComplete(
        (results, failure) -> {
          if (failure != null) {
            parts.forEach(part -> part.cancel(true));
          }
        });
    return all;
  }

  /** Requests waiting (not yet taken into a batch). */
  public int depth() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the queue still takes requests (false once {@link #shutdown} has begun). */
  public boolean accepting() {
    lock.lock();
    try {
      return accepting;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Has the worker look at the clock again now: a hand-moved {@link NanoClock} calls this after
   * moving, since the worker otherwise re-reads it only when a request arrives or its wait ends.
   */
  public void wake() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** This queue's name, as used in metric tags. */
  public String name() {
    return name;
  }

  /** The limits batches are formed under. */
  public BatchLimits limits() {
    return limits;
  }

  /** A snapshot of the counters. */
  public QueueStats stats() {
    return new QueueStats(
        batches.get(), requests.get(), tokens.get(), skipped.get(), rejected.get(), failed.get());
  }

  /**
   * Stops accepting, lets the worker run what is queued, and waits for it up to {@code deadline}.
   * Requests still queued at the deadline fail with {@link QueueClosedException}.
   *
   * @return true when everything queued was run before the deadline
   */
  public boolean shutdown(Duration deadline) {
    lock.lock();
    try {
      accepting = false;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      worker.join(Math.max(1, deadline.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!worker.isAlive()) {
      return true;
    }
    List<Pending<I, O>> dropped;
    lock.lock();
    try {
      dropped = new ArrayList<>(queue);
      queue.clear();
      queuedTokens = 0;
    } finally {
      lock.unlock();
    }
    QueueClosedException closed =
        new QueueClosedException("queue '" + name + "' shut down before this request ran");
    dropped.forEach(p -> p.future().completeExceptionally(closed));
    worker.interrupt();
    log.warn("queue '{}' dropped {} requests at its shutdown deadline", name, dropped.size());
    return false;
  }

  /** Shuts down with a 30 s deadline. */
  @Override
  public void close() {
    shutdown(Duration.ofSeconds(30));
  }

  private Duration retryAfter() {
    long batchesAhead = queue.size() / limits.maxBatchSize() + 1;
    long nanos = batchesAhead * meanBatchNanos;
    return Duration.ofSeconds(Math.max(1, Math.min(60, TimeUnit.NANOSECONDS.toSeconds(nanos) + 1)));
  }

  private void runWorker() {
    try {
      List<Pending<I, O>> batch;
      while ((batch = nextBatch()) != null) {
        if (!batch.isEmpty()) {
          run(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Blocks for the next batch; empty when every taken request was cancelled, null at the end. */
  private List<Pending<I, O>> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (!accepting) {
          return null;
        }
        changed.await();
      }
      boolean underLoad = lastBatchSize > 1 || queue.size() > 1;
      long deadline = queue.peekFirst().enqueued() + (underLoad ? limits.maxWait().toNanos() : 0);
      while (accepting
          && queue.size() < limits.maxBatchSize()
          && queuedTokens < limits.maxBatchTokens()) {
        long left = deadline - clock.nanoTime();
        if (left <= 0) {
          break;
        }
        changed.awaitNanos(left);
      }
      List<Pending<I, O>> batch = new ArrayList<>();
      long budget = 0;
      while (!queue.isEmpty() && batch.size() < limits.maxBatchSize()) {
        Pending<I, O> next = queue.peekFirst();
        if (next.future().isDone()) {
          queue.pollFirst();
          queuedTokens -= next.tokens();
          skipped.incrementAndGet();
          skippedMetric.increment();
          continue;
        }
        if (budget + next.tokens() > limits.maxBatchTokens()) {
          break;
        }
        queue.pollFirst();
        queuedTokens -= next.tokens();
        budget += next.tokens();
        batch.add(next);
      }
      if (!batch.isEmpty()) {
        lastBatchSize = batch.size();
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void run(List<Pending<I, O>> batch) {
    long start = clock.nanoTime();
    List<I> inputs = new ArrayList<>(batch.size());
    long batchTokenCount = 0;
    for (Pending<I, O> p : batch) {
      queueTime.record(start - p.enqueued(), TimeUnit.NANOSECONDS);
      inputs.add(p.input());
      batchTokenCount += p.tokens();
    }
    List<O> outputs;
    try {
      outputs = function.apply(inputs);
      if (outputs == null || outputs.size() != inputs.size()) {
        throw new IllegalStateException(
            "batch function of queue '"
                + name
                + "' returned "
                + (outputs == null ? "null" : outputs.size() + " outputs")
                + " for "
                + inputs.size()
                + " inputs");
      }
    } catch (Exception | LinkageError | AssertionError e) {
      log.error("batch of {} requests failed in queue '{}'", batch.size(), name, e);
      failed.addAndGet(batch.size());
      batch.forEach(p -> p.future().completeExceptionally(e));
      return;
    } finally {
      long elapsed = clock.nanoTime() - start;
      meanBatchNanos = (meanBatchNanos * 7 + elapsed) / 8;
      batchTime.record(elapsed, TimeUnit.NANOSECONDS);
      batchSize.record(batch.size());
      batchTokens.record(batchTokenCount);
      tokenCounterMetric.increment(batchTokenCount);
      batches.incrementAndGet();
      requests.addAndGet(batch.size());
      tokens.addAndGet(batchTokenCount);
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).future().complete(outputs.get(i));
    }
  }

  /** Builder of a {@link BatchingQueue}; the worker thread starts at {@link #build()}. */
  public static final class Builder<I, O> {
    private String name = "default";
    private BatchLimits limits = BatchLimits.DEFAULT;
    private ToIntFunction<I> tokenCounter = input -> 1;
    private BatchFunction<I, O> function;
    private MeterRegistry registry;
    private NanoClock clock = NanoClock.SYSTEM;

    private Builder() {}

    /** The clock of {@code max_wait} and of the time metrics; default {@link NanoClock#SYSTEM}. */
    public Builder<I, O> clock(NanoClock clock) {
      this.clock = clock;
      return this;
    }

    /** Names the queue (thread name and metric tag {@code queue}). */
    public Builder<I, O> name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the batch limits; default {@link BatchLimits#DEFAULT}. */
    public Builder<I, O> limits(BatchLimits limits) {
      this.limits = limits;
      return this;
    }

    /** Counts one request's tokens for the budget; default 1 per request. */
    public Builder<I, O> tokenCounter(ToIntFunction<I> tokenCounter) {
      this.tokenCounter = tokenCounter;
      return this;
    }

    /** The model call. Required. */
    public Builder<I, O> function(BatchFunction<I, O> function) {
      this.function = function;
      return this;
    }

    /** Where metrics go; default a private registry. */
    public Builder<I, O> meterRegistry(MeterRegistry registry) {
      this.registry = registry;
      return this;
    }

    /** Builds the queue and starts its worker. */
    public BatchingQueue<I, O> build() {
      return new BatchingQueue<>(this);
    }
  }
}
