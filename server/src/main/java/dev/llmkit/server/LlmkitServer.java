package dev.llmkit.server;

import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.http.ApiKeyAuth;
import dev.llmkit.server.http.AttentionRoute;
import dev.llmkit.server.http.DocumentRoutes;
import dev.llmkit.server.http.EmbedRoutes;
import dev.llmkit.server.http.ErrorMapper;
import dev.llmkit.server.http.FillMaskRoute;
import dev.llmkit.server.http.GenerateRoutes;
import dev.llmkit.server.http.Json;
import dev.llmkit.server.http.Limits;
import dev.llmkit.server.http.ModelSlot;
import dev.llmkit.server.http.NerRoute;
import dev.llmkit.server.http.QaRoute;
import dev.llmkit.server.http.RouteTable;
import dev.llmkit.server.http.TokenizeCompareRoute;
import dev.llmkit.server.http.TokenizeRoutes;
import dev.llmkit.server.ops.OpsRoutes;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.playground.PlaygroundRoutes;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.FillMaskService;
import dev.llmkit.server.service.GenerationService;
import dev.llmkit.server.service.NerService;
import dev.llmkit.server.service.QaService;
import dev.llmkit.server.service.TokenizationService;
import dev.llmkit.server.tokenize.EmbeddedTokenizers;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.handler.StatisticsHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The llmkit HTTP service: Hugging Face / TEI / TGI / OpenAI-shaped task routes over pluggable task
 * services, with health, readiness, info, Prometheus metrics and OpenAPI docs.
 *
 * <pre>{@code
 * try (LlmkitServer server = LlmkitServer.builder().config(config).ner(nerService).build().start()) {
 *   server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Closing it shuts down gracefully: readiness turns 503, the connector stops accepting,
 * in-flight requests finish up to {@code shutdown_timeout_ms}, then the models are closed.
 */
public final class LlmkitServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LlmkitServer.class);
  private static final Logger accessLog = LoggerFactory.getLogger("dev.llmkit.server.access");

  private final ServerConfig config;
  private final String version;
  private final ServerMetrics metrics;
  private final List<ModelSlot<?>> slots;
  private final Javalin app;
  private final RetrievalService retrieval;
  // Not final: /info's lambda reads it, and the table holds /info's handler.
  private RouteTable routes;
  private final EmbeddedTokenizers embeddedTokenizers = new EmbeddedTokenizers();
  private volatile boolean draining;
  private volatile boolean closed;

  private LlmkitServer(Builder b) {
    this.config = Objects.requireNonNull(b.config, "config");
    this.version = b.version;
    this.metrics = b.metrics == null ? new ServerMetrics() : b.metrics;
    ModelSlot<NerService> ner = orAbsent(b.ner, "ner");
    ModelSlot<QaService> qa = orAbsent(b.qa, "qa");
    ModelSlot<EmbeddingService> embed = orAbsent(b.embed, "embed");
    ModelSlot<GenerationService> generate = orAbsent(b.generate, "generate");
    ModelSlot<TokenizationService> tokenize = orAbsent(b.tokenize, "tokenize");
    ModelSlot<FillMaskService> fillMask = orAbsent(b.fillMask, "fill-mask");
    this.slots = List.of(ner, qa, embed, generate, tokenize, fillMask);

    NerRoute nerRoute = new NerRoute(ner, Limits.of(config, config.ner()));
    QaRoute qaRoute = new QaRoute(qa, Limits.of(config, config.qa()), b.retrieval);
    this.retrieval = b.retrieval;
    DocumentRoutes documents = new DocumentRoutes(b.retrieval, config.maxPayloadBytes());
    EmbedRoutes embedRoutes = new EmbedRoutes(embed, Limits.of(config, config.embed()));
    GenerateRoutes generateRoutes =
        new GenerateRoutes(
            generate, Limits.of(config, config.generate()), metrics.generatedTokens());
    FillMaskRoute fillMaskRoute = new FillMaskRoute(fillMask, Limits.of(config, config.fillMask()));
    TokenizeRoutes tokenizeRoutes =
        new TokenizeRoutes(tokenize, Limits.of(config, config.tokenize()));
    OpsRoutes ops =
        new OpsRoutes(
            version,
            config,
            List.of(
                new OpsRoutes.Task(ner, config.ner()),
                new OpsRoutes.Task(qa, config.qa()),
                new OpsRoutes.Task(embed, config.embed()),
                new OpsRoutes.Task(generate, config.generate()),
                new OpsRoutes.Task(tokenize, config.tokenize()),
                new OpsRoutes.Task(fillMask, config.fillMask())),
            task -> this.routes.pathsOf(task),
            metrics,
            () -> draining);
    TokenizeCompareRoute compareRoute =
        new TokenizeCompareRoute(embeddedTokenizers, config.maxPayloadBytes());
    PlaygroundRoutes playground = new PlaygroundRoutes();
    AttentionRoute attentionRoute =
        new AttentionRoute(
            java.util.Map.of(
                "ner", ner, "qa", qa, "embed", embed, "generate", generate, "fill-mask", fillMask),
            config.maxPayloadBytes());
    ApiKeyAuth auth = new ApiKeyAuth(config.apiKeys());
    // The one route table: mounted below, listed by /info, documented by openapi.json.
    this.routes =
        RouteTable.builder()
            .get("/health", null, ops::health)
            .get("/ready", null, ops::ready)
            .get("/info", null, ops::info)
            .get("/metrics", null, ops::metrics)
            .get("/openapi.json", null, ops::openApi)
            .get("/docs", null, ops::docs)
            .post("/ner", "ner", nerRoute)
            .post("/qa", "qa", qaRoute)
            .post("/embed", "embed", embedRoutes::tei)
            .post("/v1/embeddings", "embed", embedRoutes::openAi)
            .post("/generate", "generate", generateRoutes::generate)
            .post("/generate_stream", "generate", generateRoutes::generateStream)
            .post("/fill-mask", "fill-mask", fillMaskRoute)
            .post("/tokenize", "tokenize", tokenizeRoutes::tokenize)
            .post("/decode", "tokenize", tokenizeRoutes::decode)
            .post("/tokenize/compare", "tokenize", compareRoute)
            .post("/attention", "attention", attentionRoute)
            .post("/documents", "retrieval", documents::ingest)
            .get("/documents", "retrieval", documents::list)
            .delete("/documents/{id}", "retrieval", documents::delete)
            .post("/search", "retrieval", documents::search)
            .get("/", "playground", playground::index)
            .get(PlaygroundRoutes.ASSETS + "{file}", "playground", playground::asset)
            .build();

    this.app =
        Javalin.create(
            cfg -> {
              configure(cfg);
              cfg.router.mount(
                  router -> {
                    router.before(auth);
                    routes.mount(router);
                  });
            });
    ErrorMapper.register(app);
  }

  /** Starts a builder. */
  public static Builder builder() {
    return new Builder();
  }

  private void configure(JavalinConfig cfg) {
    cfg.showJavalinBanner = false;
    cfg.startupWatcherEnabled = false;
    cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
    cfg.http.maxRequestSize = config.maxPayloadBytes();
    cfg.http.prefer405over404 = true;
    cfg.jetty.modifyServer(
        server -> {
          // Graceful stop: Jetty waits for requests counted by a StatisticsHandler.
          StatisticsHandler statistics = new StatisticsHandler();
          statistics.setHandler(server.getHandler());
          server.setHandler(statistics);
          server.setStopTimeout(config.shutdownTimeoutMs());
        });
    cfg.requestLogger.http(this::logRequest);
    if (!config.corsOrigins().isEmpty()) {
      cfg.bundledPlugins.enableCors(
          cors ->
              cors.addRule(
                  rule -> {
                    for (String origin : config.corsOrigins()) {
                      if (origin.equals("*")) {
                        rule.anyHost();
                      } else {
                        rule.allowHost(origin);
                      }
                    }
                    rule.exposeHeader("x-model-id");
                    rule.exposeHeader("x-model-revision");
                    rule.exposeHeader("x-llmkit-parameters");
                    rule.exposeHeader("Retry-After");
                  }));
    }
  }

  /** Access log and request metrics; never the body. */
  private void logRequest(Context ctx, Float millis) {
    String route;
    try {
      route = ctx.endpointHandlerPath();
    } catch (RuntimeException e) {
      route = "unmatched";
    }
    if (route == null || route.isEmpty() || route.equals("*")) {
      route = "unmatched";
    }
    int status = ctx.statusCode();
    metrics.recordRequest(route, ctx.method().name(), status, (long) (millis * 1_000_000L));
    accessLog.info(
        "{} {} {} {} {}ms",
        ctx.ip(),
        ctx.method().name(),
        route,
        status,
        String.format(java.util.Locale.ROOT, "%.1f", millis));
  }

  /** Binds and starts serving. */
  public LlmkitServer start() {
    app.start(config.host(), config.port());
    log.info("llmkit {} listening on http://{}:{}", version, config.host(), port());
    return this;
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return app.port();
  }

  /** The metrics registry. */
  public ServerMetrics metrics() {
    return metrics;
  }

  /** Blocks until {@link #close()} has run (e.g. from a shutdown hook). */
  public void awaitShutdown() throws InterruptedException {
    synchronized (this) {
      while (!closed) {
        wait();
      }
    }
  }

  /** Graceful shutdown: stop accepting, drain up to the deadline, close the models. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed || draining) {
        return;
      }
      draining = true;
    }
    log.info(
        "shutting down: draining in-flight requests for up to {} ms", config.shutdownTimeoutMs());
    app.stop();
    slots.forEach(ModelSlot::close);
    embeddedTokenizers.close();
    if (retrieval != null) {
      retrieval.close();
    }
    metrics.close();
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    log.info("llmkit stopped");
  }

  /** The route table the server mounted. */
  public RouteTable routes() {
    return routes;
  }

  /**
   * What the running router really holds: {@code "METHOD path"} of every endpoint (filters such as
   * the API-key check left out), grouped by method.
   */
  public List<String> registeredRoutes() {
    return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
        .map(e -> e.getEndpoint())
        .filter(e -> e.getMethod().isHttpMethod())
        .map(e -> e.getMethod().name() + " " + e.getPath())
        .toList();
  }

  private static <S extends dev.llmkit.server.service.ModelService> ModelSlot<S> orAbsent(
      ModelSlot<S> slot, String task) {
    return slot == null ? ModelSlot.absent(task) : slot;
  }

  /** Builder of an {@link LlmkitServer}; tasks without a service answer 404. */
  public static final class Builder {
    private ServerConfig config = ServerConfig.defaults();
    private String version = "dev";
    private ServerMetrics metrics;
    private ModelSlot<NerService> ner;
    private ModelSlot<QaService> qa;
    private ModelSlot<EmbeddingService> embed;
    private ModelSlot<GenerationService> generate;
    private ModelSlot<TokenizationService> tokenize;
    private ModelSlot<FillMaskService> fillMask;
    private RetrievalService retrieval;

    private Builder() {}

    /**
     * The retrieval layer: enables {@code /documents}, {@code /search} and the open-book path of
     * {@code /qa}; closed with the server.
     */
    public Builder retrieval(RetrievalService retrieval) {
      this.retrieval = retrieval;
      return this;
    }

    /**
     * The configuration (validated by {@code ConfigLoader}); default {@link
     * ServerConfig#defaults()}.
     */
    public Builder config(ServerConfig config) {
      this.config = config;
      return this;
    }

    /** The version reported by {@code /info}. */
    public Builder version(String version) {
      this.version = version;
      return this;
    }

    /** The metrics registry, when queues were built on it beforehand. */
    public Builder metrics(ServerMetrics metrics) {
      this.metrics = metrics;
      return this;
    }

    /** The token-classification service, ready now. */
    public Builder ner(NerService service) {
      return ner(ModelSlot.ready("ner", service));
    }

    /** The token-classification service, possibly loading. */
    public Builder ner(ModelSlot<NerService> slot) {
      this.ner = slot;
      return this;
    }

    /** The question-answering service, ready now. */
    public Builder qa(QaService service) {
      return qa(ModelSlot.ready("qa", service));
    }

    /** The question-answering service, possibly loading. */
    public Builder qa(ModelSlot<QaService> slot) {
      this.qa = slot;
      return this;
    }

    /** The embedding service, ready now. */
    public Builder embeddings(EmbeddingService service) {
      return embeddings(ModelSlot.ready("embed", service));
    }

    /** The embedding service, possibly loading. */
    public Builder embeddings(ModelSlot<EmbeddingService> slot) {
      this.embed = slot;
      return this;
    }

    /** The generation service, ready now. */
    public Builder generation(GenerationService service) {
      return generation(ModelSlot.ready("generate", service));
    }

    /** The generation service, possibly loading. */
    public Builder generation(ModelSlot<GenerationService> slot) {
      this.generate = slot;
      return this;
    }

    /** The tokenization service, ready now. */
    public Builder tokenizer(TokenizationService service) {
      return tokenizer(ModelSlot.ready("tokenize", service));
    }

    /** The tokenization service, possibly loading. */
    public Builder tokenizer(ModelSlot<TokenizationService> slot) {
      this.tokenize = slot;
      return this;
    }

    /** The fill-mask service, ready now. */
    public Builder fillMask(FillMaskService service) {
      return fillMask(ModelSlot.ready("fill-mask", service));
    }

    /** The fill-mask service, possibly loading. */
    public Builder fillMask(ModelSlot<FillMaskService> slot) {
      this.fillMask = slot;
      return this;
    }

    /** Builds the server (not yet listening: call {@link LlmkitServer#start()}). */
    public LlmkitServer build() {
      return new LlmkitServer(this);
    }
  }
}
