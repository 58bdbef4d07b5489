package dev.llmkit.app.serve;

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

/**
 * Builds the task services that the configuration enables. NER, QA, embeddings and generation load
 * from local model directories in the background (their routes answer 503 with {@code
 * estimated_time} until then); tokenization loads at once.
 */
final class ModelServices {

  /** How long a model is expected to take to load, for {@code estimated_time}. */
  private static final Duration LOAD_ESTIMATE = Duration.ofSeconds(20);

  private ModelServices() {}

  static void register(ServerConfig config, ServerMetrics metrics, LlmkitServer.Builder builder) {
    for (String task : List.of("ner", "qa", "embed", "generate")) {
      TaskConfig settings =
          switch (task) {
            case "ner" -> config.ner();
            case "qa" -> config.qa();
            case "embed" -> config.embed();
            default -> config.generate();
          };
      if (settings.enabled() && !Files.isDirectory(Path.of(settings.model()))) {
        throw new ConfigException(
            List.of(
                task
                    + ".model: '"
                    + settings.model()
                    + "' is not a local directory; download the model and give its directory"));
      }
    }
    // One loader thread: models load one after the other, not competing for memory.
    ExecutorService loader =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "llmkit-model-loader");
              t.setDaemon(true);
              return t;
            });
    if (config.ner().enabled()) {
      builder.ner(slot("ner", loader, () -> PipelineLoader.ner(config.ner(), metrics.registry())));
    }
    if (config.qa().enabled()) {
      builder.qa(slot("qa", loader, () -> PipelineLoader.qa(config.qa(), metrics.registry())));
    }
    if (config.embed().enabled()) {
      builder.embeddings(
          slot(
              "embed",
              loader,
              () -> PipelineLoader.embeddings(config.embed(), metrics.registry())));
    }
    if (config.generate().enabled()) {
      builder.generation(
          slot("generate", loader, () -> PipelineLoader.generation(config.generate())));
    }
    loader.shutdown();
    if (config.tokenize().enabled()) {
      builder.tokenizer(tokenizer(config.tokenize()));
    }
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
