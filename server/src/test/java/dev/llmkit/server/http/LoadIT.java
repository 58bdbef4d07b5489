package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.engine.QueueStats;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import dev.llmkit.server.service.ModelInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded load test on loopback: N clients post {@code /embed} for S seconds against a simulated
 * model whose batch costs 4 ms plus 0.25 ms per request (fixed per-call overhead, as a forward pass
 * has), once with batching (max 32) and once without (max 1). A benchmark, excluded by default: run
 * with {@code -Dtest=LoadIT -Dllmkit.test.excludedGroups= -Dllmkit.load.seconds=60}.
 */
@Tag("benchmark")
class LoadIT {

  private static final Logger log = LoggerFactory.getLogger(LoadIT.class);

  /** Results of one run. */
  record Result(
      int maxBatchSize,
      int seconds,
      long ok,
      long overloaded,
      long other,
      double perSecond,
      QueueStats stats,
      double rssFirstMb,
      double rssLastMb) {}

  @Test
  void batchingRaisesThroughputWithoutErrorsOrMemoryGrowth() throws Exception {
    int seconds = Integer.getInteger("llmkit.load.seconds", 10);
    int clients = Integer.getInteger("llmkit.load.clients", 32);
    Result unbatched =
        run(1, clients, Integer.getInteger("llmkit.load.unbatched.seconds", seconds));
    Result batched = run(32, clients, seconds);
    for (Result r : List.of(unbatched, batched)) {
      log.warn(
          "max_batch_size={} clients={} seconds={}: {} ok, {} 429, {} other errors, {} req/s,"
              + " mean batch {}, mean RSS first third {} MB, last third {} MB",
          r.maxBatchSize(),
          clients,
          r.seconds(),
          r.ok(),
          r.overloaded(),
          r.other(),
          String.format("%.1f", r.perSecond()),
          String.format("%.2f", r.stats().meanBatchSize()),
          String.format("%.1f", r.rssFirstMb()),
          String.format("%.1f", r.rssLastMb()));
      assertThat(r.other()).isZero();
    }
    assertThat(batched.stats().meanBatchSize()).isGreaterThan(1.0);
    assertThat(batched.perSecond()).isGreaterThan(unbatched.perSecond());
  }

  private Result run(int maxBatchSize, int clients, int seconds) throws Exception {
    ServerMetrics metrics = new ServerMetrics();
    BatchingQueue<String, float[]> queue =
        BatchingQueue.<String, float[]>builder()
            .name("load")
            .limits(new BatchLimits(16_384, maxBatchSize, Duration.ofMillis(2), 256))
            .tokenCounter(String::length)
            .function(
                inputs -> {
                  // Simulated forward pass: fixed overhead plus a per-request share.
                  LockSupport.parkNanos(
                      TimeUnit.MICROSECONDS.toNanos(4_000 + 250L * inputs.size()));
                  return inputs.stream().map(s -> new float[] {s.length(), 1f}).toList();
                })
            .meterRegistry(metrics.registry())
            .build();
    EmbeddingService service =
        new EmbeddingService() {
          @Override
          public ModelInfo model() {
            return Fakes.MODEL;
          }

          @Override
          public CompletableFuture<Embeddings> embed(List<String> texts, EmbedParameters p) {
            return queue.submitAll(texts).thenApply(v -> new Embeddings(v, texts.size()));
          }

          @Override
          public int dimensions() {
            return 2;
          }

          @Override
          public void close() {
            queue.close();
          }
        };
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(ServerFixture.config(List.of(), List.of(), 10_000))
            .metrics(metrics)
            .embeddings(service)
            .build()
            .start()) {
      HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/embed");
      AtomicLong ok = new AtomicLong();
      AtomicLong overloaded = new AtomicLong();
      AtomicLong other = new AtomicLong();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Double> rss = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.ScheduledExecutorService sampler =
          Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> rss.add(ServerMetrics.residentBytes() / 1e6), 0, 1, TimeUnit.SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      List<Future<?>> workers = new ArrayList<>();
      long start = System.nanoTime();
      for (int c = 0; c < clients; c++) {
        int id = c;
        workers.add(
            pool.submit(
                () -> {
                  int i = 0;
                  while (System.nanoTime() < end) {
                    String body = "{\"inputs\": \"client " + id + " request " + i++ + "\"}";
                    try {
                      HttpResponse<String> r =
                          client.send(
                              HttpRequest.newBuilder(uri)
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      (r.statusCode() == 200 ? ok : r.statusCode() == 429 ? overloaded : other)
                          .incrementAndGet();
                    } catch (Exception e) {
                      other.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      sampler.shutdownNow();
      pool.shutdown();
      // Mean resident memory over the first and the last third of the run.
      int third = Math.max(1, rss.size() / 3);
      double rssFirst = rss.subList(0, third).stream().mapToDouble(d -> d).average().orElse(0);
      double rssLast =
          rss.subList(rss.size() - third, rss.size()).stream()
              .mapToDouble(d -> d)
              .average()
              .orElse(0);
      return new Result(
          maxBatchSize,
          seconds,
          ok.get(),
          overloaded.get(),
          other.get(),
          ok.get() / elapsed,
          queue.stats(),
          rssFirst,
          rssLast);
    }
  }
}
