package dev.llmkit.app.serve;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.http.ModelSlot;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.pipeline.PipelineLoader;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.ModelService;
import dev.llmkit.server.service.QaService;
import dev.llmkit.server.service.TokenizerService;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.tokenization.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the task services that the configuration enables. NER, QA, embeddings and generation load
 * in the background from a model directory or a Hub id resolved through {@link ModelStore} (their
 * routes answer 503 with {@code estimated_time} until then, and 503 saying why if loading fails);
 * tokenization loads at once. A task without a configured model uses its {@link DefaultModels}
 * default when one is bundled (embeddings: all-MiniLM-L6-v2; fill-mask: bert-base-cased when its
 * Maven artifact is in the local repository), else answers 503 saying how to configure it.
 */
final class ModelServices {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServices.class);

  /** How long a model is expected to take to load, for {@code estimated_time}. */
  private static final Duration LOAD_ESTIMATE = Duration.ofSeconds(20);

  private ModelServices() {}

  /**
   * The embedding and QA slots the server was given (null when the task is off), for retrieval to
   * run through them, and the embedding task as resolved (its model directory or Hub id).
   */
  record Registered(
      ModelSlot<EmbeddingService> embed, TaskConfig embedTask, ModelSlot<QaService> qa) {}

  static Registered register(
      ServerConfig config, ServerMetrics metrics, ModelStore store, LlmkitServer.Builder builder) {
    return register(config, metrics, store, DefaultModels.standard(), builder);
  }

  static Registered register(
      ServerConfig config,
      ServerMetrics metrics,
      ModelStore store,
      DefaultModels defaults,
      LlmkitServer.Builder builder) {
    // Resolved before any model loads, so the default encoder is converted once, here.
    TaskConfig tokenize = tokenizeTask(config, defaults);
    // One loader thread: models load one after the other, not competing for memory.
    ExecutorService loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "llmkit-model-loader");
              t.setDaemon(true);
              return t;
            });
    var registry = metrics.registry();
    if (available("ner", config.ner(), DefaultTask.NER, defaults)) {
      builder.ner(
          slot(
              "ner",
              loader,
              () ->
                  PipelineLoader.ner(
                      orDefault(config.ner(), DefaultTask.NER, defaults), registry, store)));
    }
    ModelSlot<QaService> qa = null;
    if (available("qa", config.qa(), DefaultTask.QA, defaults)) {
      qa =
          slot(
              "qa",
              loader,
              () ->
                  PipelineLoader.qa(
                      orDefault(config.qa(), DefaultTask.QA, defaults), registry, store));
      builder.qa(qa);
    }
    ModelSlot<EmbeddingService> embed = null;
    TaskConfig embedTask = null;
    if (available("embed", config.embed(), DefaultTask.EMBEDDINGS, defaults)) {
      TaskConfig task = orDefault(config.embed(), DefaultTask.EMBEDDINGS, defaults);
      embedTask = task;
      embed = slot("embed", loader, () -> PipelineLoader.embeddings(task, registry, store));
      builder.embeddings(embed);
    }
    if (available("generate", config.generate(), DefaultTask.GENERATION, defaults)) {
      builder.generation(
          slot(
              "generate",
              loader,
              () ->
                  PipelineLoader.generation(
                      orDefault(config.generate(), DefaultTask.GENERATION, defaults), store)));
    }
    if (available("fill_mask", config.fillMask(), DefaultTask.FILL_MASK, defaults)) {
      builder.fillMask(
          slot(
              "fill-mask",
              loader,
              () ->
                  PipelineLoader.fillMask(
                      orDefault(config.fillMask(), DefaultTask.FILL_MASK, defaults),
                      registry,
                      store)));
    }
    loader.shutdown();
    if (tokenize != null) {
      builder.tokenizer(tokenizer(tokenize));
    }
    return new Registered(embed, embedTask, qa);
  }

  /**
   * The tokenizer behind {@code /tokenize}: the configured one, else (as TEI) the embedding model's
   * own when it is a local directory or the bundled default; {@code null} when there is none.
   */
  private static TaskConfig tokenizeTask(ServerConfig config, DefaultModels defaults) {
    if (config.tokenize().enabled()) {
      return config.tokenize();
    }
    TaskConfig embed = config.embed();
    if (embed.enabled()) {
      return Files.isDirectory(Path.of(embed.model()))
          ? config.tokenize().withModel(embed.model())
          : null;
    }
    if (defaults.isBundled(DefaultTask.EMBEDDINGS)) {
      return config.tokenize().withModel(defaults.directory(DefaultTask.EMBEDDINGS).toString());
    }
    return null;
  }

  /** Whether the task has a configured or bundled model; logs which, or how to configure one. */
  private static boolean available(
      String name, TaskConfig task, DefaultTask kind, DefaultModels defaults) {
    if (task.enabled()) {
      return true;
    }
    if (defaults.isBundled(kind)) {
      LOG.info("no {}.model configured: /{} serves the bundled default {} model", name, name, kind);
      return true;
    }
    LOG.info(
        "no default {} model bundled; /{} answers 503 until {}.model is configured"
            + " (a model directory or a Hub id org/name[@revision])",
        kind.label(),
        name,
        name);
    return false;
  }

  /** The task as configured, or pointed at its bundled default (unpacked on the loader thread). */
  private static TaskConfig orDefault(TaskConfig task, DefaultTask kind, DefaultModels defaults) {
    return task.enabled() ? task : task.withModel(defaults.directory(kind).toString());
  }

  private static <S extends ModelService> ModelSlot<S> slot(
      String task, ExecutorService loader, Supplier<S> load) {
    return ModelSlot.loading(task, CompletableFuture.supplyAsync(load, loader), LOAD_ESTIMATE);
  }

  private static TokenizerService tokenizer(TaskConfig task) {
    String model = task.model();
    try {
      Path dir = Path.of(model);
      if (Files.isDirectory(dir)) {
        return new TokenizerService(
            Tokenizer.fromDirectory(dir),
            new ModelInfo(model, revision(task, "local"), null, null, null));
      }
      if (Tokenizer.EMBEDDED_NAMES.contains(model)) {
        return new TokenizerService(
            Tokenizer.embedded(model),
            new ModelInfo(model, revision(task, "embedded"), null, null, null));
      }
    } catch (TokenizerException e) {
      throw new ConfigException(List.of("tokenize.model: " + e.getMessage()));
    }
    throw new ConfigException(
        List.of(
            "tokenize.model: '"
                + model
                + "' is neither a model directory nor an embedded tokenizer "
                + Tokenizer.EMBEDDED_NAMES));
  }

  private static String revision(TaskConfig task, String fallback) {
    return task.revision() == null ? fallback : task.revision();
  }
}
