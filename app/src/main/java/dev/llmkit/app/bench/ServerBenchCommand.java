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
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code llmkit bench server}: {@code POST /embed} (all-MiniLM-L6-v2) under 1, 8 and 32 loopback
 * clients for a fixed time each, with dynamic batching ({@code max_batch_size} 32) and without it
 * ({@code max_batch_size} 1) in the same run: two servers, loaded in alternating rounds.
 */
@Command(
    name = "server",
    mixinStandardHelpOptions = true,
    description = "Requests/s and latency of /embed at 1, 8 and 32 clients, batching on and off.",
    footer = {
      "",
      "Each client posts one text, waits for the answer and posts the next. A sample is one",
      "request's latency; the peer column is the same server with batching off. Both servers",
      "run side by side and are loaded in turns (--rounds), so drift in the machine's speed",
      "falls on both.",
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
      names = "--rounds",
      defaultValue = "5",
      description =
          "Alternations of batching on and off in each case, each mode loaded seconds/rounds at a"
              + " time (default ${DEFAULT-VALUE}).")
  private int rounds;

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
    if (rounds < 1 || seconds * 1000L / rounds < 1) {
      throw new ParameterException(
          spec.commandLine(), "--rounds must be between 1 and --seconds × 1000");
    }
    bench.applyThreads();
    List<String> texts = Texts.load(textsFile);
    List<Result> results = new ArrayList<>();
    try (Server on = Server.start(embedTask(32));
        Server off = Server.start(embedTask(1))) {
      if (warmupSeconds > 0) {
        // Both modes' shapes: batches, and every text alone. oneDNN compiles a kernel the first
        // time it meets a shape, and the cache is the process's, so whichever mode ran first paid.
        drive(on, 8, texts, warmupSeconds * 1000L);
        drive(off, 1, texts, warmupSeconds * 1000L);
      }
      long slice = seconds * 1000L / rounds;
      for (int n : clients) {
        Load batched = new Load();
        Load single = new Load();
        for (int r = 0; r < rounds; r++) {
          // alternate which mode goes first, so that drift in the machine's speed falls on both
          if (r % 2 == 0) {
            batched.add(drive(on, n, texts, slice));
            single.add(drive(off, n, texts, slice));
          } else {
            single.add(drive(off, n, texts, slice));
            batched.add(drive(on, n, texts, slice));
          }
        }
        results.add(
            Result.against(
                    precision.label(n + (n == 1 ? " client" : " clients")),
                    "ms per request",
                    batched.latencies(),
                    "batching off (max_batch_size 1)",
                    single.latencies())
                .with("requests/s", batched.perSecond())
                .with("requests/s batching off", single.perSecond())
                .with("throughput ratio", batched.perSecond() / single.perSecond())
                .with("p99 ms", batched.latencies().quantile(0.99))
                .with("p99 ms batching off", single.latencies().quantile(0.99))
                .with("RSS MB after", ServerMetrics.residentBytes() / 1e6));
      }
    }
    return bench.report(spec, "server", results);
  }

  /** The replies of one mode's load, summed over its rounds. */
  private static final class Load {
    private final List<Double> latencies = new ArrayList<>();
    private double seconds;

    void add(Load round) {
      latencies.addAll(round.latencies);
      seconds += round.seconds;
    }

    Samples latencies() {
      return Samples.of(List.copyOf(latencies));
    }

    double perSecond() {
      return latencies.size() / seconds;
    }
  }

  /** {@code /embed} of the bundled MiniLM on the CPU, batching up to {@code maxBatchSize}. */
  private TaskConfig embedTask(int maxBatchSize) {
    return new TaskConfig(
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
  }

  /** A server on loopback with its own copy of the model, and the URI of its {@code /embed}. */
  private record Server(LlmkitServer server, URI uri) implements AutoCloseable {
    static Server start(TaskConfig embed) {
      ServerMetrics metrics = new ServerMetrics();
      LlmkitServer server =
          LlmkitServer.builder()
              .config(ServerConfig.embeddingsOnLoopback(embed))
              .metrics(metrics)
              .embeddings(PipelineLoader.embeddings(embed, metrics.registry()))
              .build()
              .start();
      return new Server(server, URI.create("http://127.0.0.1:" + server.port() + "/embed"));
    }

    @Override
    public void close() {
      server.close();
    }
  }

  /** {@code clientCount} clients posting texts back to back for {@code millis}. */
  private Load drive(Server server, int clientCount, List<String> texts, long millis)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    post(http, server.uri(), texts.get(0)); // the new client's first connection, untimed
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicLong failures = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(clientCount);
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    List<Future<?>> workers = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) {
      int id = c;
      workers.add(
          pool.submit(
              () -> {
                for (int i = id; System.nanoTime() < end; i += clientCount) {
                  long t0 = System.nanoTime();
                  if (post(http, server.uri(), texts.get(i % texts.size()))) {
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
    Load load = new Load();
    load.latencies.addAll(latencies);
    load.seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    if (failures.get() > 0) {
      spec.commandLine().getErr().printf("%d requests failed%n", failures.get());
    }
    return load;
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
