package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.InvalidInputException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PipelineBatcherTest {

  /** Every pipeline call: its inputs and options. */
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** Opened by a test, it lets a call that holds "hold" return. */
  private final CountDownLatch gate = new CountDownLatch(1);

  private final CountDownLatch holding = new CountDownLatch(1);

  /**
   * Appends the options to each input; refuses inputs containing "bad"; a call holding "hold" waits
   * for the gate.
   */
  private List<String> fakePipeline(List<String> inputs, String options) {
    calls.add(inputs + "/" + options);
    if (inputs.contains("hold")) {
      holding.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (inputs.stream().anyMatch(s -> s.contains("bad"))) {
      throw new IllegalArgumentException("input contains 'bad'");
    }
    return inputs.stream().map(s -> s + "+" + options).toList();
  }

  private PipelineBatcher<String, String, String> batcher() {
    // A long max_wait lets requests submitted together share one batch.
    return new PipelineBatcher<>(
        "test",
        new BatchLimits(1000, 32, Duration.ofMillis(300), 100),
        String::length,
        this::fakePipeline,
        e -> new InvalidInputException(e.getMessage()),
        new SimpleMeterRegistry());
  }

  /**
   * Occupies the worker with a call that waits for the gate, so that requests submitted next meet a
   * queue under load and wait max_wait for one another (an idle queue runs a lone request at once).
   */
  private CompletableFuture<List<String>> holdWorker(
      PipelineBatcher<String, String, String> batcher) throws InterruptedException {
    CompletableFuture<List<String>> held = batcher.submit(List.of("hold"), "held");
    assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
    return held;
  }

  @Test
  void aMixedBatchRunsOncePerDistinctOptionsAndKeepsEachRequestsOrder() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = batcher()) {
      CompletableFuture<List<String>> held = holdWorker(batcher);
      CompletableFuture<List<String>> a = batcher.submit(List.of("a1", "a2"), "x");
      CompletableFuture<List<String>> b = batcher.submit(List.of("b1"), "y");
      CompletableFuture<List<String>> c = batcher.submit(List.of("c1"), "x");
      gate.countDown();
      assertThat(held.get(5, TimeUnit.SECONDS)).containsExactly("hold+held");
      assertThat(a.get(5, TimeUnit.SECONDS)).containsExactly("a1+x", "a2+x");
      assertThat(b.get(5, TimeUnit.SECONDS)).containsExactly("b1+y");
      assertThat(c.get(5, TimeUnit.SECONDS)).containsExactly("c1+x");
      assertThat(calls).containsExactly("[hold]/held", "[a1, a2, c1]/x", "[b1]/y");
    }
  }

  /** One token per input and four per batch: a request of 12 inputs runs in three shares. */
  private PipelineBatcher<String, String, String> smallBatches() {
    return new PipelineBatcher<>(
        "test",
        new BatchLimits(4, 32, Duration.ZERO, 100),
        input -> 1,
        this::fakePipeline,
        e -> new InvalidInputException(e.getMessage()),
        new SimpleMeterRegistry());
  }

  private static final List<String> LONG =
      List.of("hold", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l");

  @Test
  void aLongRequestTakesTurnsWithARequestThatArrivesWhileItRuns() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = smallBatches()) {
      CompletableFuture<List<String>> longOne = batcher.submit(LONG, "long");
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<List<String>> shortOne = batcher.submit(List.of("x"), "short");
      gate.countDown();
      assertThat(shortOne.get(5, TimeUnit.SECONDS)).containsExactly("x+short");
      assertThat(longOne.get(5, TimeUnit.SECONDS))
          .containsExactlyElementsOf(LONG.stream().map(s -> s + "+long").toList());
      // The short request ran right after the first share (hold..d), before any input of the
      // second: not after all twelve. How the worker cuts a share into batches depends on when
      // the share's inputs reach the queue, so only the order that matters is asserted.
      List<String> snapshot = List.copyOf(calls);
      int shortAt = snapshot.indexOf("[x]/short");
      int secondShareAt = indexOfCallWith(snapshot, "e");
      assertThat(shortAt).as("%s", snapshot).isNotNegative().isLessThan(secondShareAt);
      assertThat(snapshot.subList(0, shortAt)).allMatch(c -> c.endsWith("/long"));
      assertThat(
              snapshot.stream()
                  .filter(c -> c.endsWith("/long"))
                  .flatMap(c -> java.util.Arrays.stream(c.substring(1, c.indexOf(']')).split(", ")))
                  .toList())
          .containsExactlyElementsOf(LONG);
      assertThat(snapshot).allMatch(c -> c.substring(1, c.indexOf(']')).split(", ").length <= 4);
    }
  }

  private static int indexOfCallWith(List<String> calls, String input) {
    for (int i = 0; i < calls.size(); i++) {
      String inputs = calls.get(i).substring(1, calls.get(i).indexOf(']'));
      if (List.of(inputs.split(", ")).contains(input)) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void aRequestWhoseDeadlinePassesStopsBetweenItsShares() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = smallBatches()) {
      CompletableFuture<List<String>> longOne = batcher.submit(LONG, "long");
      assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
      // What Calls.withDeadline's orTimeout does at the route's deadline.
      longOne.completeExceptionally(new TimeoutException("deadline"));
      gate.countDown();
      assertThat(batcher.submit(List.of("x"), "short").get(5, TimeUnit.SECONDS))
          .containsExactly("x+short");
      assertThat(batcher.submit(List.of("y"), "short").get(5, TimeUnit.SECONDS))
          .containsExactly("y+short");
      // The first share (hold..d) entered the queue as one and ran as one batch; nothing of the
      // second share ran, and both short requests ran in order.
      assertThat(calls).containsExactly("[hold, b, c, d]/long", "[x]/short", "[y]/short");
      assertThat(batcher.queue().stats().requests()).isEqualTo(6);
    }
  }

  @Test
  void oneRejectedInputFailsOnlyItsOwnRequest() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = batcher()) {
      CompletableFuture<List<String>> held = holdWorker(batcher);
      CompletableFuture<List<String>> good = batcher.submit(List.of("fine"), "x");
      CompletableFuture<List<String>> bad = batcher.submit(List.of("bad one"), "x");
      gate.countDown();
      held.get(5, TimeUnit.SECONDS);
      assertThat(good.get(5, TimeUnit.SECONDS)).containsExactly("fine+x");
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InvalidInputException.class)
          .hasMessageContaining("input contains 'bad'");
      assertThat(calls)
          .containsExactly("[hold]/held", "[fine, bad one]/x", "[fine]/x", "[bad one]/x");
    }
  }

  @Test
  void aRejectedInputThatRanAloneIsNotRunAgain() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = batcher()) {
      assertThatThrownBy(() -> batcher.submit(List.of("bad one"), "x").get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InvalidInputException.class);
      assertThat(calls).containsExactly("[bad one]/x");
    }
  }
}
