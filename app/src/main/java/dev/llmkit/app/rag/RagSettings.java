package dev.llmkit.app.rag;

import dev.llmkit.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --config} option of {@code ingest} and {@code ask}: the settings file {@code serve}
 * reads, so that the commands use the same store, segmenting and models as the server.
 */
public final class RagSettings {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Settings file, as serve's: retrieval.*, embed.model and qa.model apply, then LLMKIT_*"
              + " variables; flags win.")
  Path file;

  /**
   * Loads {@code --config} and the environment and applies them to {@code options} under its flags.
   *
   * @throws dev.llmkit.server.config.ConfigException listing every invalid setting
   */
  void applyTo(RagOptions options, Map<String, String> environment) {
    options.configure(ConfigLoader.load(file, environment, Map.of()));
  }
}
