package dev.llmkit.server.ops;

import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.http.ModelSlot;
import dev.llmkit.server.service.ModelInfo;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * {@code /health}, {@code /ready}, {@code /info}, {@code /metrics}, {@code /openapi.json}, {@code
 * /docs}.
 */
public final class OpsRoutes {

  /** {@code /health} and {@code /ready} body. */
  public record Status(String status, List<TaskState> tasks) {}

  /** Where one task's model stands. */
  public record TaskState(String task, ModelSlot.State state) {}

  /** {@code /info} body. */
  public record Info(String version, ServerLimits limits, List<TaskInfo> tasks) {}

  /** Server-wide limits. */
  public record ServerLimits(
      long maxPayloadBytes,
      int maxInputs,
      long shutdownTimeoutMs,
      boolean apiKeyRequired,
      List<String> corsOrigins) {}

  /**
   * One task: its routes, its loaded model (id, revision, sha256, dtype, device) and its settings.
   */
  public record TaskInfo(
      String task,
      List<String> routes,
      ModelSlot.State state,
      ModelInfo model,
      TaskConfig settings) {}

  /** A task's slot and settings. */
  public record Task(ModelSlot<?> slot, TaskConfig settings) {}

  private final String version;
  private final ServerConfig config;
  private final List<Task> tasks;
  private final Function<String, List<String>> routesOf;
  private final ServerMetrics metrics;
  private final BooleanSupplier draining;
  private final byte[] openApi;
  private final byte[] docs;

  /**
   * Creates the routes.
   *
   * @param routesOf a task's paths, from the server's route table
   */
  public OpsRoutes(
      String version,
      ServerConfig config,
      List<Task> tasks,
      Function<String, List<String>> routesOf,
      ServerMetrics metrics,
      BooleanSupplier draining) {
    this.version = version;
    this.config = config;
    this.tasks = List.copyOf(tasks);
    this.routesOf = routesOf;
    this.metrics = metrics;
    this.draining = draining;
    this.openApi =
        new String(resource("openapi.json"), StandardCharsets.UTF_8)
            .replace("${version}", version)
            .getBytes(StandardCharsets.UTF_8);
    this.docs = resource("docs.html");
  }

  /** {@code GET /health}: the process answers. */
  public void health(Context ctx) {
    ctx.json(new Status("ok", List.of()));
  }

  /** {@code GET /ready}: 200 once every configured model is loaded, else 503. */
  public void ready(Context ctx) {
    List<TaskState> states =
        tasks.stream()
            .filter(t -> t.slot().state() != ModelSlot.State.ABSENT)
            .map(t -> new TaskState(t.slot().task(), t.slot().state()))
            .toList();
    boolean ready =
        !draining.getAsBoolean()
            && states.stream().allMatch(s -> s.state() == ModelSlot.State.READY);
    String status = draining.getAsBoolean() ? "draining" : ready ? "ready" : "loading";
    ctx.status(ready ? 200 : 503).json(new Status(status, states));
  }

  /** {@code GET /info}. */
  public void info(Context ctx) {
    List<TaskInfo> infos =
        tasks.stream()
            .map(
                t ->
                    new TaskInfo(
                        t.slot().task(),
                        routesOf.apply(t.slot().task()),
                        t.slot().state(),
                        t.slot().model().orElse(null),
                        t.settings()))
            .toList();
    ServerLimits limits =
        new ServerLimits(
            config.maxPayloadBytes(),
            config.maxInputs(),
            config.shutdownTimeoutMs(),
            !config.apiKeys().isEmpty(),
            config.corsOrigins());
    ctx.json(new Info(version, limits, infos));
  }

  /** {@code GET /metrics}: Prometheus text format. */
  public void metrics(Context ctx) {
    ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
  }

  /** {@code GET /openapi.json}. */
  public void openApi(Context ctx) {
    ctx.contentType("application/json").result(openApi);
  }

  /** {@code GET /docs}: a small page that renders {@code /openapi.json}. */
  public void docs(Context ctx) {
    ctx.contentType("text/html; charset=utf-8").result(docs);
  }

  private static byte[] resource(String name) {
    try (InputStream in = OpsRoutes.class.getResourceAsStream("/dev/llmkit/server/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
