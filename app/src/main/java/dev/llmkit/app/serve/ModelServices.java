package dev.llmkit.app.serve;

import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.http.ModelSlot;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.pipeline.PipelineLoader;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.ModelService;
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
 * tokenization loads at once. Without an {@code embed.model}, embeddings use the bundled
 * all-MiniLM-L6-v2; NER, QA and generation have no bundled default and answer 503 until configured.
 */
final class ModelServices {

  private static final Logger LOG = LoggerFactory.getLogger(ModelServices.class);

  /** How long a model is expected to take to load, for {@code estimated_time}. */
  private static final Duration LOAD_ESTIMATE = Duration.ofSeconds(20);

  private ModelServices() {}

  static void register(
      ServerConfig config, ServerMetrics metrics, ModelStore store, LlmkitServer.Builder builder) {
    // One loader thread: models load one after the other, not competing for memory.
    ExecutorService loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "llmkit-model-loader");
              t.setDaemon(true);
              return t;
            });
    if (config.ner().enabled()) {
      builder.ner(
          slot("ner", loader, () -> PipelineLoader.ner(config.ner(), metrics.registry(), store)));
    } else {
      noDefault("ner", "NER");
    }
    if (config.qa().enabled()) {
      builder.qa(
          slot("qa", loader, () -> PipelineLoader.qa(config.qa(), metrics.registry(), store)));
    } else {
      noDefault("qa", "question-answering");
    }
    TaskConfig embed = config.embed();
    if (!embed.enabled()) {
      LOG.info(
          "no embed.model configured: /embed and /v1/embeddings serve the bundled {}",
          AllMiniLmL6V2.NAME);
    }
    builder.embeddings(
        slot(
            "embed",
            loader,
            () ->
                PipelineLoader.embeddings(
                    embed.enabled() ? embed : embed.withModel(AllMiniLmL6V2.directory().toString()),
                    metrics.registry(),
                    store)));
    if (config.generate().enabled()) {
      builder.generation(
          slot("generate", loader, () -> PipelineLoader.generation(config.generate(), store)));
    } else {
      noDefault("generate", "generation");
    }
    loader.shutdown();
    if (config.tokenize().enabled()) {
      builder.tokenizer(tokenizer(config.tokenize()));
    }
  }

  private static void noDefault(String task, String what) {
    LOG.info(
        "no default {} model bundled; /{} answers 503 until {}.model is configured"
            + " (a model directory or a Hub id org/name[@revision])",
        what,
        task,
        task);
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
