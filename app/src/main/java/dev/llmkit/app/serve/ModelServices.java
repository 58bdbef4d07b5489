package dev.llmkit.app.serve;

import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.TokenizerService;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.tokenization.TokenizerException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the task services that the configuration enables. Tokenization is wired here; the NER, QA,
 * embedding and generation pipelines plug in the same way (one {@code builder.x(service)} per task)
 * as they land.
 */
final class ModelServices {

  private ModelServices() {}

  static void register(ServerConfig config, LlmkitServer.Builder builder) {
    List<String> problems = new ArrayList<>();
    notYet(problems, "ner", config.ner());
    notYet(problems, "qa", config.qa());
    notYet(problems, "embed", config.embed());
    notYet(problems, "generate", config.generate());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (config.tokenize().enabled()) {
      builder.tokenizer(tokenizer(config.tokenize()));
    }
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

  private static void notYet(List<String> problems, String name, TaskConfig task) {
    if (task.enabled()) {
      problems.add(
          name
              + ".model is set, but this build does not wire the "
              + name
              + " pipeline into the server yet; unset "
              + name
              + ".model");
    }
  }
}
