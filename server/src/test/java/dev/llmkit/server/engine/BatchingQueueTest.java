package dev.llmkit.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BatchingQueueTest {

  /** Every batch the fake model saw, in order. */
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();

  /** Held closed, it keeps the worker inside its first batch so that others queue up. */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final CountDownLatch firstBatchStarted = new CountDownLatch(1);
  private BatchingQueue<String, String> queue;

  @AfterEach
  void closeQueue() {
    gate.countDown();
    if (queue != null) {
      queue.shutdown(Duration.ofSeconds(5));
    }
  }

  /** Upper-cases each input; the batch whose first input is "block" waits for the gate. */
  private List<String> fakeModel(List<String> inputs) throws InterruptedException {
    batches.add(List.copyOf(inputs));
    if (inputs.get(0).equals("block")) {
      firstBatchStarted.countDown();
      gate.await();
    }
    return inputs.stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList();
  }

  private BatchingQueue<String, String> queue(BatchLimits limits) {
    return queue(limits, NanoClock.SYSTEM);
  }

  private BatchingQueue<String, String> queue(BatchLimits limits, NanoClock clock) {
    queue =
        BatchingQueue.<String, String>builder()
            .name("test")
            .limits(limits)
            .tokenCounter(String::length)
            .function(this::fakeModel)
            .clock(clock)
            .build();
    return queue;
  }

  private static BatchLimits limits(int tokens, int size, int waitMs, int queueSize) {
    return new BatchLimits(tokens, size, Duration.ofMillis(waitMs), queueSize);
  }

  /** Blocks the worker in a first batch of its own. */
  private CompletableFuture<String> blockWorker() throws InterruptedException {
    CompletableFuture<String> blocker = queue.submit("block");
    assertThat(firstBatchStarted.await(5, TimeUnit.SECONDS)).isTrue();
    return blocker;
  }

  @Test
  void eachRequestGetsItsOwnResult() throws Exception {
    queue(limits(1000, 8, 1, 100));
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      futures.add(queue.submit("r" + i));
    }
    for (int i = 0; i < 50; i++) {
      assertThat(futures.get(i).get(5, TimeUnit.SECONDS)).isEqualTo("R" + i);
    }
  }

  @Test
  void requestsWaitingTogetherRunAsOneBatchInArrivalOrder() throws Exception {
    queue(limits(1000, 32, 0, 100));
    CompletableFuture<String> blocker = blockWorker();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (String s : List.of("a", "b", "c", "d", "e")) {
      futures.add(queue.submit(s));
    }
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(batches).containsExactly(List.of("block"), List.of("a", "b", "c", "d", "e"));
    assertThat(queue.stats().meanBatchSize()).isEqualTo(3.0);
  }

  @Test
  void batchesRespectTheTokenBudgetWithoutReordering() throws Exception {
    queue(limits(10, 32, 0, 100));
    CompletableFuture<String> blocker = blockWorker();
    // Lengths 4, 4, 4, 9, 1, 10: budget 10 gives [4,4] [4] [9,1] [10].
    List<String> inputs = List.of("aaaa", "bbbb", "cccc", "ddddddddd", "e", "ffffffffff");
    List<CompletableFuture<String>> futures = inputs.stream().map(queue::submit).toList();
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(batches.subList(1, batches.size()))
        .containsExactly(
            List.of("aaaa", "bbbb"),
            List.of("cccc"),
            List.of("ddddddddd", "e"),
            List.of("ffffffffff"));
  }

  @Test
  void batchesRespectMaxBatchSize() throws Exception {
    queue(limits(1000, 3, 0, 100));
    CompletableFuture<String> blocker = blockWorker();
    List<CompletableFuture<String>> futures = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      futures.add(queue.submit("x" + i));
    }
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
    assertThat(batches.subList(1, batches.size()))
        .containsExactly(List.of("x0", "x1", "x2"), List.of("x3", "x4", "x5"), List.of("x6"));
  }

  @Test
  void underLoadALoneRequestWaitsMaxWaitOnTheQueuesClockForCompany() throws Exception {
    AtomicLong now = new AtomicLong();
    queue(limits(1000, 32, 3_600_000, 100), now::get);
    // Load first: two requests that queued together, and waited out max_wait, make a batch.
    CompletableFuture<String> blocker = blockWorker();
    List<CompletableFuture<String>> pair = List.of(queue.submit("x"), queue.submit("y"));
    now.addAndGet(TimeUnit.HOURS.toNanos(1));
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    CompletableFuture.allOf(pair.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

    CompletableFuture<String> first = queue.submit("a");
    now.addAndGet(TimeUnit.MINUTES.toNanos(59));
    queue.wake();
    // Still within the hour of max_wait: "b" joins the batch "a" is waiting in.
    CompletableFuture<String> second = queue.submit("b");
    now.addAndGet(TimeUnit.MINUTES.toNanos(1));
    queue.wake();
    assertThat(first.get(5, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(batches).containsExactly(List.of("block"), List.of("x", "y"), List.of("a", "b"));
  }

  @Test
  void anIdleQueueRunsALoneRequestAtOnceWithoutSpendingMaxWait() throws Exception {
    AtomicLong now = new AtomicLong(); // never advanced: max_wait could never run out
    queue(limits(1000, 32, 3_600_000, 100), now::get);
    assertThat(queue.submit("a").get(5, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(queue.submit("b").get(5, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(batches).containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void requestsCancelledOrPastTheirDeadlineLeaveTheQueueAtOnceWithoutRunning() throws Exception {
    queue(limits(1000, 32, 0, 4));
    CompletableFuture<String> blocker = blockWorker();
    CompletableFuture<String> a = queue.submit("a");
    CompletableFuture<String> gone = queue.submit("gone");
    CompletableFuture<String> late = queue.submit("late");
    CompletableFuture<String> c = queue.submit("c");
    assertThat(queue.depth()).isEqualTo(4);
    gone.cancel(true);
    late.completeExceptionally(new java.util.concurrent.TimeoutException("deadline"));
    assertThat(queue.depth()).isEqualTo(2);
    assertThat(queue.stats().skipped()).isEqualTo(2);
    // Their slots are free again while the worker is still busy.
    CompletableFuture<String> d = queue.submit("d");
    CompletableFuture<String> e = queue.submit("e");
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    assertThat(List.of(a.get(5, TimeUnit.SECONDS), c.get(), d.get(), e.get()))
        .containsExactly("A", "C", "D", "E");
    assertThat(batches).containsExactly(List.of("block"), List.of("a", "c", "d", "e"));
  }

  @Test
  void submitAllReturnsResultsInOrderAndCancellingItSkipsItsParts() throws Exception {
    queue(limits(1000, 32, 0, 100));
    assertThat(queue.submitAll(List.of("x", "y")).get(5, TimeUnit.SECONDS))
        .containsExactly("X", "Y");
    CompletableFuture<String> blocker = blockWorker();
    CompletableFuture<List<String>> all = queue.submitAll(List.of("p", "q"));
    CompletableFuture<String> after = queue.submit("r");
    all.cancel(true);
    gate.countDown();
    blocker.get(5, TimeUnit.SECONDS);
    assertThat(after.get(5, TimeUnit.SECONDS)).isEqualTo("R");
    assertThat(batches).doesNotContain(List.of("p", "q", "r")).contains(List.of("r"));
    assertThat(queue.stats().skipped()).isEqualTo(2);
  }

  @Test
  void aFullQueueRefusesWithARetryAfter() throws Exception {
    queue(limits(1000, 32, 0, 2));
    blockWorker();
    CompletableFuture<String> a = queue.submit("a");
    CompletableFuture<String> b = queue.submit("b");
    CompletableFuture<String> refused = queue.submit("c");
    assertThat(refused).isCompletedExceptionally();
    assertThatThrownBy(refused::join)
        .hasCauseInstanceOf(QueueFullException.class)
        .cause()
        .satisfies(
            e ->
                assertThat(((QueueFullException) e).retryAfter())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1)));
    gate.countDown();
    assertThat(a.get(5, TimeUnit.SECONDS)).isEqualTo("A");
    assertThat(b.get(5, TimeUnit.SECONDS)).isEqualTo("B");
    assertThat(queue.stats().rejected()).isEqualTo(1);
  }

  @Test
  void aRequestLargerThanTheBudgetIsRefusedAtOnce() {
    queue(limits(5, 32, 0, 10));
    CompletableFuture<String> refused = queue.submit("too long");
    assertThatThrownBy(refused::join)
        .hasCauseInstanceOf(InputTooLargeException.class)
        .hasMessageContaining("8 tokens");
  }

  @Test
  void aFailingBatchFailsItsRequestsAndTheWorkerCarriesOn() throws Exception {
    queue =
        BatchingQueue.<String, String>builder()
            .limits(limits(1000, 1, 0, 10))
            .function(
                inputs -> {
                  if (inputs.get(0).equals("boom")) {
                    throw new IllegalStateException("model exploded");
                  }
                  return inputs;
                })
            .build();
    CompletableFuture<String> boom = queue.submit("boom");
    CompletableFuture<String> fine = queue.submit("fine");
    assertThatThrownBy(() -> boom.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasMessageContaining("model exploded");
    assertThat(fine.get(5, TimeUnit.SECONDS)).isEqualTo("fine");
    assertThat(queue.stats().failed()).isEqualTo(1);
  }

  @Test
  void aBatchFunctionReturningTheWrongCountFailsTheBatch() {
    queue =
        BatchingQueue.<String, String>builder()
            .limits(limits(1000, 32, 0, 10))
            .function(inputs -> List.of())
            .build();
    assertThatThrownBy(() -> queue.submit("a").get(5, TimeUnit.SECONDS))
        .hasMessageContaining("returned 0 outputs for 1 inputs");
  }

  @Test
  void shutdownRunsWhatIsQueuedAndRefusesNewRequests() throws Exception {
    queue(limits(1000, 32, 0, 100));
    CompletableFuture<String> blocker = blockWorker();
    List<CompletableFuture<String>> queued =
        List.of(queue.submit("a"), queue.submit("b"), queue.submit("c"));
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<Boolean> drained = executor.submit(() -> queue.shutdown(Duration.ofSeconds(10)));
      while (queue.accepting()) {
        Thread.onSpinWait();
      }
      assertThatThrownBy(() -> queue.submit("late").join())
          .hasCauseInstanceOf(QueueClosedException.class);
      gate.countDown();
      assertThat(drained.get(10, TimeUnit.SECONDS)).isTrue();
    } finally {
      executor.shutdownNow();
    }
    assertThat(blocker.join()).isEqualTo("BLOCK");
    assertThat(queued).extracting(CompletableFuture::join).containsExactly("A", "B", "C");
  }

  @Test
  void shutdownDeadlineFailsWhatIsStillQueued() throws Exception {
    queue(limits(1000, 32, 0, 100));
    blockWorker();
    CompletableFuture<String> stuck = queue.submit("stuck");
    assertThat(queue.shutdown(Duration.ofMillis(100))).isFalse();
    assertThatThrownBy(stuck::join).hasCauseInstanceOf(QueueClosedException.class);
  }

  @Test
  void noRequestIsLostUnderConcurrentLoad() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    queue =
        BatchingQueue.<String, String>builder()
            .name("load")
            .limits(limits(64, 16, 1, 100_000))
            .tokenCounter(String::length)
            .function(inputs -> inputs.stream().map(s -> s + "!").toList())
            .meterRegistry(registry)
            .build();
    int threads = 8;
    int perThread = 500;
    List<CompletableFuture<String>> cancelled = Collections.synchronizedList(new ArrayList<>());
    List<String> mismatches = Collections.synchronizedList(new ArrayList<>());
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      workers.add(
          executor.submit(
              () -> {
                List<CompletableFuture<String>> mine = new ArrayList<>();
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                  String input =
                      thread + ":" + i + "x".repeat(ThreadLocalRandom.current().nextInt(20));
                  CompletableFuture<String> f = queue.submit(input);
                  if (i % 17 == 0 && f.cancel(true)) {
                    cancelled.add(f);
                    continue;
                  }
                  mine.add(f);
                  inputs.add(input);
                }
                for (int i = 0; i < mine.size(); i++) {
                  String result = mine.get(i).join();
                  if (!result.equals(inputs.get(i) + "!")) {
                    mismatches.add(result);
                  }
                }
              }));
    }
    for (Future<?> w : workers) {
      w.get(30, TimeUnit.SECONDS);
    }
    executor.shutdown();
    QueueStats stats = queue.stats();
    assertThat(mismatches).isEmpty();
    // Every request ran exactly once, or was skipped because it had been cancelled first.
    assertThat(stats.requests() + stats.skipped()).isEqualTo((long) threads * perThread);
    assertThat(stats.skipped()).isLessThanOrEqualTo(cancelled.size());
    assertThat(registry.get("llmkit.batch.size").summary().count()).isEqualTo(stats.batches());
    assertThat(registry.get("llmkit.queue.time").timer().count()).isEqualTo(stats.requests());
    assertThat(registry.get("llmkit.batch.size").summary().max()).isLessThanOrEqualTo(16);
  }
}
