package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.pipeline.PipelineLoader;
import io.micrometer.core.instrument.DistributionSummary;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Load test with the real default embedding model (all-MiniLM-L6-v2, CPU): N loopback clients post
 * {@code /embed} for S seconds, once with {@code max_batch_size 32} and once with {@code 1}.
 * Reports throughput, mean batch size, replies by status, and mean RSS over the first and the last
 * third of each run. A benchmark, excluded by default: {@code ./mvnw -pl server -am verify
 * -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=MiniLmLoadIT
 * -Dllmkit.test.excludedGroups= -Dllmkit.load.seconds=60}.
 */
@Tag("benchmark")
class MiniLmLoadIT {

  private static final Logger log = LoggerFactory.getLogger(MiniLmLoadIT.class);

  private static final List<String> SENTENCES =
      List.of(
          "The cat sat on the mat.",
          "Ada Lovelace wrote the first published algorithm for a machine.",
          "Berlin is the capital and largest city of Germany.",
          "How do I reset my password if I no longer have access to my email?",
          "Transformers process all tokens of a sequence in parallel.",
          "The river flows through the old town before it reaches the sea.",
          "Batching many small requests together amortises the cost of a forward pass.",
          "Zoë met Ada in Köln 🙂");

  /** One run's outcome. */
  record Result(
      int maxBatchSize,
      double seconds,
      Map<Integer, Long> byStatus,
      long transportErrors,
      double perSecond,
      double meanBatch,
      double rssFirstMb,
      double rssLastMb) {}

  @Test
  void batchingRaisesThroughputOfTheRealModelWithoutErrors() throws Exception {
    int seconds = Integer.getInteger("llmkit.load.seconds", 20);
    int clients = Integer.getInteger("llmkit.load.clients", 32);
    Path model = AllMiniLmL6V2.directory();
    log.warn("load average before: {}", Files.readString(Path.of("/proc/loadavg")).strip());
    Result batched = run(model, 32, clients, seconds);
    Result single = run(model, 1, clients, seconds);
    log.warn("load average after: {}", Files.readString(Path.of("/proc/loadavg")).strip());
    for (Result r : List.of(batched, single)) {
      log.warn(
          "MiniLM /embed max_batch_size={} clients={} {}s: replies by status {}, transport errors"
              + " {}, {} req/s, mean batch {}, mean RSS first third {} MB, last third {} MB ({}%)",
          r.maxBatchSize(),
          clients,
          String.format("%.1f", r.seconds()),
          r.byStatus(),
          r.transportErrors(),
          String.format("%.1f", r.perSecond()),
          String.format("%.2f", r.meanBatch()),
          String.format("%.0f", r.rssFirstMb()),
          String.format("%.0f", r.rssLastMb()),
          String.format("%+.1f", 100 * (r.rssLastMb() - r.rssFirstMb()) / r.rssFirstMb()));
      assertThat(r.byStatus().keySet()).as("only 200 and 429").isSubsetOf(200, 429);
      assertThat(r.transportErrors()).isZero();
    }
    assertThat(batched.meanBatch()).isGreaterThan(1.0);
  }

  private Result run(Path model, int maxBatchSize, int clients, int seconds) throws Exception {
    ServerMetrics metrics = new ServerMetrics();
    TaskConfig embed =
        new TaskConfig(
            model.toString(),
            null,
            "cpu",
            256,
            TooLongPolicy.ERROR,
            InputLimit.DEFAULT_MAX_REQUEST_TOKENS,
            30_000,
            16_384,
            maxBatchSize,
            5,
            256);
    ServerConfig config = ServerConfig.embeddingsOnLoopback(embed);
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(config)
            .metrics(metrics)
            .embeddings(PipelineLoader.embeddings(embed, metrics.registry()))
            .build()
            .start()) {
      HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(4)).build();
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/embed");
      Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
      AtomicLong transport = new AtomicLong();
      List<Double> rss = Collections.synchronizedList(new ArrayList<>());
      ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
      sampler.scheduleAtFixedRate(
          () -> rss.add(ServerMetrics.residentBytes() / 1e6), 0, 1, TimeUnit.SECONDS);
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      long start = System.nanoTime();
      long end = start + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        int id = c;
        workers.add(
            pool.submit(
                () -> {
                  int i = 0;
                  while (System.nanoTime() < end) {
                    String text = SENTENCES.get((id + i++) % SENTENCES.size());
                    String body = "{\"inputs\": \"" + text + "\"}";
                    try {
                      HttpResponse<String> r =
                          client.send(
                              HttpRequest.newBuilder(uri)
                                  .POST(HttpRequest.BodyPublishers.ofString(body))
                                  .build(),
                              HttpResponse.BodyHandlers.ofString());
                      byStatus
                          .computeIfAbsent(r.statusCode(), k -> new AtomicLong())
                          .incrementAndGet();
                    } catch (Exception e) {
                      transport.incrementAndGet();
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
      int third = Math.max(1, rss.size() / 3);
      double first = rss.subList(0, third).stream().mapToDouble(x -> x).average().orElse(0);
      double last =
          rss.subList(rss.size() - third, rss.size()).stream()
              .mapToDouble(x -> x)
              .average()
              .orElse(0);
      Map<Integer, Long> counts = new TreeMap<>();
      byStatus.forEach((k, v) -> counts.put(k, v.get()));
      DistributionSummary batches =
          metrics.registry().find("llmkit.batch.size").tag("queue", "embed").summary();
      long ok = counts.getOrDefault(200, 0L);
      return new Result(
          maxBatchSize,
          elapsed,
          counts,
          transport.get(),
          ok / elapsed,
          batches == null ? 0 : batches.mean(),
          first,
          last);
    }
  }
}
