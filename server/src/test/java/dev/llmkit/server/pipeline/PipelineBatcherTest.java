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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class PipelineBatcherTest {

  /** Every pipeline call: its inputs and options. */
  private final List<String> calls = new CopyOnWriteArrayList<>();

  /** Appends the options to each input; refuses inputs containing "bad". */
  private List<String> fakePipeline(List<String> inputs, String options) {
    calls.add(inputs + "/" + options);
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

  @Test
  void aMixedBatchRunsOncePerDistinctOptionsAndKeepsEachRequestsOrder() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = batcher()) {
      CompletableFuture<List<String>> a = batcher.submit(List.of("a1", "a2"), "x");
      CompletableFuture<List<String>> b = batcher.submit(List.of("b1"), "y");
      CompletableFuture<List<String>> c = batcher.submit(List.of("c1"), "x");
      assertThat(a.get(5, TimeUnit.SECONDS)).containsExactly("a1+x", "a2+x");
      assertThat(b.get(5, TimeUnit.SECONDS)).containsExactly("b1+y");
      assertThat(c.get(5, TimeUnit.SECONDS)).containsExactly("c1+x");
      assertThat(calls).containsExactly("[a1, a2, c1]/x", "[b1]/y");
    }
  }

  @Test
  void oneRejectedInputFailsOnlyItsOwnRequest() throws Exception {
    try (PipelineBatcher<String, String, String> batcher = batcher()) {
      CompletableFuture<List<String>> good = batcher.submit(List.of("fine"), "x");
      CompletableFuture<List<String>> bad = batcher.submit(List.of("bad one"), "x");
      assertThat(good.get(5, TimeUnit.SECONDS)).containsExactly("fine+x");
      assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InvalidInputException.class)
          .hasMessageContaining("input contains 'bad'");
      assertThat(calls).containsExactly("[fine, bad one]/x", "[fine]/x", "[bad one]/x");
    }
  }
}
