package dev.llmkit.app.serve;

import dev.llmkit.app.VersionProvider;
import dev.llmkit.app.rag.RagOptions;
import dev.llmkit.app.rag.RagRuntime;
import dev.llmkit.inference.store.HubSettings;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.ConfigLoader;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import dev.llmkit.server.retrieval.store.StoreLockedException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code llmkit serve}: the HTTP service. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the models over HTTP, with a playground for learners at /.",
      "Routes: /ner, /qa, /fill-mask, /embed, /v1/embeddings, /generate, /generate_stream,",
      "/tokenize, /decode, /tokenize/compare, /attention, the retrieval routes, /health, /ready,",
      "/info, /metrics, /docs.",
      "Settings come from --config, then LLMKIT_* environment variables, then flags (flags win);",
      "every setting's variable is LLMKIT_ + its path, e.g. LLMKIT_NER_MAX_BATCH_TOKENS.",
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  llmkit serve --port 8080",
      "  llmkit serve --config llmkit.yaml --host 0.0.0.0",
      "  LLMKIT_API_KEYS=k1,k2 llmkit serve --tokenizer bert-base-cased",
    })
public final class ServeCommand implements Callable<Integer> {

  /** How long a stop by signal waits, after the server has drained, for the rest to close. */
  private static final long CLEAN_UP_GRACE_MS = 10_000;

  @Spec private CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON settings file.")
  private Path config;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description = "Interface to bind (default 127.0.0.1).")
  private String host;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port (default 8080; 0 picks a free one).")
  private Integer port;

  @Option(
      names = "--api-key",
      paramLabel = "KEY",
      description =
          "Require 'Authorization: Bearer KEY' (repeatable; /health and /ready stay open).")
  private List<String> apiKeys;

  @Option(
      names = "--cors-origin",
      paramLabel = "ORIGIN",
      description = "Allow browser calls from ORIGIN, or * (repeatable; CORS is off by default).")
  private List<String> corsOrigins;

  @Option(
      names = "--tokenizer",
      paramLabel = "DIR|NAME",
      description =
          "Tokenizer for /tokenize and /decode: a model directory or an embedded name"
              + " (bert-base-cased, bert-base-uncased, gpt2).")
  private String tokenizer;

  @Option(
      names = "--documents",
      description =
          "Serve /documents, /search and /qa without context from the document store"
              + " (see --data-dir, --qa-model).")
  private boolean documents;

  @Mixin private RagOptions rag;

  private RagRuntime ragRuntime;

  /** The environment; tests replace it. */
  Map<String, String> environment = System.getenv();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LlmkitServer server;
    try {
      server = start();
    } catch (ConfigException | StoreLockedException | StoreUnavailableException e) {
      err.println(e.getMessage());
      err.flush();
      return 2;
    }
    GracefulShutdown shutdown = GracefulShutdown.ofRuntime(CLEAN_UP_GRACE_MS);
    shutdown.install(server::close);
    out.printf("llmkit serving on http://%s:%d (docs at /docs)%n", hostOf(server), server.port());
    out.flush();
    int status = 1;
    try {
      server.awaitShutdown();
      if (ragRuntime != null) {
        ragRuntime.close();
      }
      status = 0;
    } finally {
      shutdown.finished(status);
    }
    return status;
  }

  /**
   * Loads the configuration, builds the services and starts the server.
   *
   * @throws ConfigException when the settings are invalid or name a task this build cannot serve
   */
  LlmkitServer start() {
    ServerConfig settings = ConfigLoader.load(config, environment, overrides());
    ServerMetrics metrics = new ServerMetrics();
    LlmkitServer.Builder builder =
        LlmkitServer.builder().config(settings).version(VersionProvider.version()).metrics(metrics);
    ModelStore store =
        ModelStore.builder()
            .settings(
                HubSettings.fromEnvironment(environment, Path.of(System.getProperty("user.home"))))
            .build();
    ModelServices.Registered services = ModelServices.register(settings, metrics, store, builder);
    if (documents) {
      rag.fillFrom(settings.retrieval());
      ragRuntime = documents(services, store);
      builder.retrieval(ragRuntime.service());
    }
    return builder.build().start();
  }

  /**
   * Retrieval through the server's own embedding and QA services: the documents are embedded by the
   * model behind {@code /embed} and read by the one behind {@code /qa}, held once.
   */
  private RagRuntime documents(ModelServices.Registered services, ModelStore store) {
    if (rag.embeddingModel() != null || rag.qaModel() != null) {
      throw new ConfigException(
          List.of(
              "serve --documents embeds and reads with the server's own models: set embed.model"
                  + " and qa.model (llmkit.yaml, LLMKIT_* or --config) instead of"
                  + " --embedding-model/--qa-model"));
    }
    if (services.embed() == null) {
      throw new ConfigException(
          List.of("--documents needs an embedding model: set embed.model (or keep the default)"));
    }
    String model = services.embedTask().model();
    Path embedDir = Files.isDirectory(Path.of(model)) ? Path.of(model) : store.resolve(model);
    return RagRuntime.overServices(
        rag,
        environment,
        embedDir,
        services.embed()::require,
        services.qa() == null ? null : services.qa()::require);
  }

  private Map<String, String> overrides() {
    Map<String, String> overrides = new LinkedHashMap<>();
    if (host != null) {
      overrides.put("host", host);
    }
    if (port != null) {
      overrides.put("port", Integer.toString(port));
    }
    if (apiKeys != null) {
      overrides.put("api_keys", String.join(",", apiKeys));
    }
    if (corsOrigins != null) {
      overrides.put("cors_origins", String.join(",", corsOrigins));
    }
    if (tokenizer != null) {
      overrides.put("tokenize.model", tokenizer);
    }
    return overrides;
  }

  private String hostOf(LlmkitServer server) {
    return host != null ? host : environment.getOrDefault("LLMKIT_HOST", "127.0.0.1");
  }
}
