package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Loading, overload, deadlines, model failures and graceful shutdown. */
@Timeout(60)
class LifecycleTest {

  @Test
  void aLoadingModelAnswers503WithEstimatedTimeUntilItIsReady() {
    CompletableFuture<NerService> loading = new CompletableFuture<>();
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            BatchLimits.DEFAULT,
            b -> b.ner(ModelSlot.loading("ner", loading, Duration.ofSeconds(30))))) {
      ServerFixture.Reply ready = fixture.get("/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.json().get("status").asText()).isEqualTo("loading");

      ServerFixture.Reply ner = fixture.post("/ner", "{\"inputs\": \"Ada\"}");
      assertThat(ner.status()).isEqualTo(503);
      BadInputTest.assertClean(ner, "unhealthy");
      assertThat(ner.json().get("estimated_time").asDouble()).isBetween(1.0, 30.0);
      assertThat(Long.parseLong(ner.header("retry-after"))).isBetween(1L, 30L);
      assertThat(
              fixture
                  .post("/qa", "{\"inputs\": {\"question\": \"q\", \"context\": \"c\"}}")
                  .status())
          .isEqualTo(200);

      loading.complete(new Fakes.Ner());
      assertThat(fixture.get("/ready").status()).isEqualTo(200);
      assertThat(fixture.post("/ner", "{\"inputs\": \"Ada\"}").status()).isEqualTo(200);
    }
  }

  @Test
  void aModelThatFailedToLoadStays503AndIsReported() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            BatchLimits.DEFAULT,
            b ->
                b.ner(
                    ModelSlot.loading(
                        "ner",
                        CompletableFuture.failedFuture(new IllegalStateException("/secret/path")),
                        Duration.ZERO)))) {
      ServerFixture.Reply ner = fixture.post("/ner", "{\"inputs\": \"Ada\"}");
      assertThat(ner.status()).isEqualTo(503);
      BadInputTest.assertClean(ner, "unhealthy");
      assertThat(ner.body()).doesNotContain("secret");
      assertThat(fixture.get("/info").json().get("tasks").get(0).get("state").asText())
          .isEqualTo("FAILED");
    }
  }

  @Test
  void aTaskWithoutAModelAnswers503SayingHowToConfigureIt() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            BatchLimits.DEFAULT,
            b -> b.ner(ModelSlot.absent("ner")))) {
      ServerFixture.Reply ner = fixture.post("/ner", "{\"inputs\": \"Ada\"}");
      assertThat(ner.status()).isEqualTo(503);
      assertThat(ner.json().get("error_type").asText()).isEqualTo("unhealthy");
      assertThat(ner.json().get("error").asText())
          .isEqualTo(
              "no ner model is configured on this server; set ner.model to a model directory or a"
                  + " Hub id org/name[@revision] (config file, or LLMKIT_NER_MODEL)");
      assertThat(fixture.get("/ready").status()).isEqualTo(200);
    }
  }

  @Test
  void aFullQueueAnswers429WithRetryAfter() throws Exception {
    BatchLimits tiny = new BatchLimits(1000, 1, Duration.ZERO, 1);
    try (ServerFixture fixture =
        new ServerFixture(ServerFixture.config(List.of(), List.of(), 10_000), tiny)) {
      ExecutorService executor = Executors.newFixedThreadPool(2);
      try {
        Future<ServerFixture.Reply> blocked =
            executor.submit(() -> fixture.post("/embed", "{\"inputs\": \"block\"}"));
        assertThat(fixture.embedder.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        Future<ServerFixture.Reply> queued =
            executor.submit(() -> fixture.post("/embed", "{\"inputs\": \"queued\"}"));
        while (fixture.embedder.queue.depth() < 1) {
          Thread.sleep(5);
        }
        ServerFixture.Reply refused = fixture.post("/embed", "{\"inputs\": \"refused\"}");
        assertThat(refused.status()).isEqualTo(429);
        BadInputTest.assertClean(refused, "overloaded");
        assertThat(Long.parseLong(refused.header("retry-after"))).isPositive();

        fixture.embedder.gate.countDown();
        assertThat(blocked.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
        assertThat(queued.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
      } finally {
        executor.shutdownNow();
      }
    }
  }

  @Test
  void aRequestPastItsDeadlineAnswers504AndIsSkippedByTheQueue() throws Exception {
    BatchLimits one = new BatchLimits(1000, 1, Duration.ZERO, 10);
    try (ServerFixture fixture =
        new ServerFixture(ServerFixture.config(List.of(), List.of(), 300), one)) {
      ExecutorService executor = Executors.newSingleThreadExecutor();
      try {
        Future<ServerFixture.Reply> blocked =
            executor.submit(() -> fixture.post("/embed", "{\"inputs\": \"block\"}"));
        assertThat(fixture.embedder.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        ServerFixture.Reply late = fixture.post("/embed", "{\"inputs\": \"late\"}");
        assertThat(late.status()).isEqualTo(504);
        BadInputTest.assertClean(late, "timeout");
        assertThat(blocked.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
        // The 504 may be written before the timeout's cancellation reaches the queued part
        // (CompletableFuture runs dependents last-registered first); give it a moment.
        Thread.sleep(200);
        fixture.embedder.gate.countDown();
        // The timed-out "late" request never reaches the model.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (fixture.embedder.queue.depth() > 0 && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        assertThat(fixture.post("/embed", "{\"inputs\": \"after\"}").status()).isEqualTo(200);
        assertThat(fixture.embedder.queue.stats().skipped()).isEqualTo(1);
      } finally {
        executor.shutdownNow();
      }
    }
  }

  @Test
  void aFailingModelAnswers424WithoutDetails() {
    NerService broken =
        new NerService() {
          @Override
          public ModelInfo model() {
            return Fakes.MODEL;
          }

          @Override
          public CompletableFuture<List<List<NerEntity>>> recognize(
              List<String> texts, NerParameters parameters) {
            throw new IllegalStateException("native crash at /opt/secret/libtorch.so");
          }
        };
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            BatchLimits.DEFAULT,
            b -> b.ner(broken))) {
      ServerFixture.Reply reply = fixture.post("/ner", "{\"inputs\": \"Ada\"}");
      assertThat(reply.status()).isEqualTo(424);
      BadInputTest.assertClean(reply, "backend");
      assertThat(reply.body()).doesNotContain("secret").doesNotContain("libtorch");
      assertThat(fixture.get("/health").status()).isEqualTo(200);
    }
  }

  @Test
  void shutdownLetsInFlightRequestsFinishThenRefusesConnections() throws Exception {
    ServerFixture fixture = new ServerFixture();
    fixture.generator.delayMs = 20;
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      // 25 tokens x 20 ms: about half a second in flight.
      Future<ServerFixture.Reply> inFlight =
          executor.submit(
              () ->
                  fixture.post(
                      "/generate",
                      "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 25}}"));
      while (fixture.generator.steps.get() == 0) {
        Thread.sleep(5);
      }
      long start = System.nanoTime();
      fixture.close();
      long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      ServerFixture.Reply reply = inFlight.get(10, TimeUnit.SECONDS);
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.json().get("generated_text").asText()).endsWith(" t24");
      assertThat(closeMs).isLessThan(5_000);
      assertThatThrownBy(() -> fixture.get("/health")).isInstanceOf(UncheckedIOException.class);
      assertThat(fixture.embedder.queue.stats().rejected()).isZero();
      assertThatThrownBy(
              () -> fixture.embedder.queue.submit(new Fakes.Embedder.Input("x", true)).join())
          .hasMessageContaining("shutting down");
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void shutdownWaitsForTheLastStreamToo() throws Exception {
    ServerFixture fixture = new ServerFixture();
    fixture.generator.delayMs = 20;
    CountDownLatch started = new CountDownLatch(1);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      Future<String> stream =
          executor.submit(
              () -> {
                started.countDown();
                return fixture
                    .post(
                        "/generate_stream",
                        "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 20}}")
                    .body();
              });
      started.await();
      while (fixture.generator.steps.get() == 0) {
        Thread.sleep(5);
      }
      fixture.close();
      String body = stream.get(10, TimeUnit.SECONDS);
      assertThat(body).contains("\"generated_text\":\" t0");
      assertThat(body.lines().filter(l -> l.startsWith("data:")).count()).isEqualTo(20);
    } finally {
      executor.shutdownNow();
    }
  }
}
