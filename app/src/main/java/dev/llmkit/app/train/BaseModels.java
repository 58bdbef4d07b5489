package dev.llmkit.app.train;

import dev.llmkit.inference.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** Resolves {@code --base} like every {@code --model}: a directory, a named model or a Hub id. */
final class BaseModels {

  private BaseModels() {}

  static Path resolve(String base) {
    return ModelStore.fromEnvironment().resolve(base);
  }

  /**
   * What an adapter records as {@code base_model_name_or_path}: a directory as an absolute path, a
   * name or Hub id as given (so Python's PEFT finds {@code bert-base-cased} on the Hub).
   */
  static String adapterBaseName(String base) {
    try {
      Path p = Path.of(base);
      if (Files.isDirectory(p)) {
        return p.toAbsolutePath().normalize().toString();
      }
    } catch (InvalidPathException e) {
      // a name, not a path
    }
    return base.strip();
  }
}
