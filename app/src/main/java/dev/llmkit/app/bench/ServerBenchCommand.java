package dev.llmkit.app.bench;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.pipeline.PipelineLoader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench server}: {@code POST /embed} (all-MiniLM-L6-v2) under 1, 8 and 32 loopback
 * clients for a fixed time each, with dynamic batching ({@code max_batch_size} 32) and without it
 * ({@code max_batch_size} 1) in the same run.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Requests/s and latency of /embed at 1, 8 and 32 clients, batching on and off.",
    footer = {
      "",
      "Each client posts one text, waits for the answer and posts the next. A sample is one",
      "request's latency; the peer column is the same server with batching off.",
      "",
      "Example:",
      "  llmkit bench server --seconds 15 --out docs/bench"
    })
public final class ServerBenchCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Mixin private BenchOptions bench;

  @Mixin private BenchPrecision precision;

  @Option(
      names = "--seconds",
      defaultValue = "10",
      description = "Load time of each case and mode (default ${DEFAULT-VALUE}).")
  private int seconds;

  @Option(
      names = "--warmup-seconds",
      defaultValue = "4",
      description =
          "Untimed load in each mode before the first case, so that neither pays the JIT's or"
              + " oneDNN's warm-up (default ${DEFAULT-VALUE}).")
  private int warmupSeconds;

  @Option(
      names = "--texts",
      paramLabel = "FILE",
      description =
          "One text a line (default: 256 sentences of 12-40 words from public-domain novels).")
  private Path textsFile;

  @Option(
      names = "--clients",
      split = ",",
      defaultValue = "1,8,32",
      description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  private List<Integer> clients;

  @Override
  public Integer call() throws Exception {
    bench.applyThreads();
    List<String> texts = Texts.load(textsFile);
    if (warmupSeconds > 0) {
      // Both modes' shapes: batches, and every text alone. oneDNN compiles a kernel the first time
      // it meets a shape, and the cache is the process's, so whichever mode ran first paid it.
      load(32, 8, texts, warmupSeconds);
      load(1, 1, texts, warmupSeconds);
    }
    List<Result> results = new ArrayList<>();
    for (int n : clients) {
      Load on = load(32, n, texts, seconds);
      Load off = load(1, n, texts, seconds);
      results.add(
          Result.against(
                  precision.label(n + (n == 1 ? " client" : " clients")),
                  "ms per request",
                  on.latencies(),
                  "batching off (max_batch_size 1)",
                  off.latencies())
              .with("requests/s", on.perSecond())
              .with("requests/s batching off", off.perSecond())
              .with("throughput ratio", on.perSecond() / off.perSecond())
              .with("p99 ms", on.latencies().quantile(0.99))
              .with("p99 ms batching off", off.latencies().quantile(0.99))
              .with("RSS MB after", on.rssMb()));
    }
    return bench.report(spec, "server", results);
  }

  /** One load run's replies. */
  private record Load(Samples latencies, double perSecond, double rssMb) {}

  private Load load(int maxBatchSize, int clientCount, List<String> texts, int seconds)
      throws Exception {
    ServerMetrics metrics = new ServerMetrics();
    TaskConfig embed =
        new TaskConfig(
            AllMiniLmL6V2.directory().toString(),
            null,
            "cpu",
            precision.precision().label(),
            256,
            TooLongPolicy.ERROR,
            InputLimit.DEFAULT_MAX_REQUEST_TOKENS,
            30_000,
            16_384,
            maxBatchSize,
            5,
            1024);
    ServerConfig config = ServerConfig.embeddingsOnLoopback(embed);
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(config)
            .metrics(metrics)
            .embeddings(PipelineLoader.embeddings(embed, metrics.registry()))
            .build()
            .start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/embed");
      HttpClient http = HttpClient.newHttpClient();
      post(http, uri, texts.get(0)); // load the engine and the model's first pass
      List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
      AtomicLong failures = new AtomicLong();
      ExecutorService pool = Executors.newFixedThreadPool(clientCount);
      long start = System.nanoTime();
      long end = start + seconds * 1_000_000_000L;
      List<Future<?>> workers = new ArrayList<>();
      for (int c = 0; c < clientCount; c++) {
        int id = c;
        workers.add(
            pool.submit(
                () -> {
                  for (int i = id; System.nanoTime() < end; i += clientCount) {
                    long t0 = System.nanoTime();
                    if (post(http, uri, texts.get(i % texts.size()))) {
                      latencies.add((System.nanoTime() - t0) / 1e6);
                    } else {
                      failures.incrementAndGet();
                    }
                  }
                }));
      }
      for (Future<?> w : workers) {
        w.get();
      }
      double elapsed = (System.nanoTime() - start) / 1e9;
      pool.shutdown();
      if (failures.get() > 0) {
        spec.commandLine().getErr().printf("%d requests failed%n", failures.get());
      }
      return new Load(
          Samples.of(List.copyOf(latencies)),
          latencies.size() / elapsed,
          ServerMetrics.residentBytes() / 1e6);
    }
  }

  private static boolean post(HttpClient http, URI uri, String text) {
    try {
      String json =
          "{\"inputs\": \""
              + new String(
                  com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(text))
              + "\"}";
      HttpResponse<Void> r =
          http.send(
              HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
              HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (java.io.IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
