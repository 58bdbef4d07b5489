package dev.llmkit.server.retrieval;

import java.nio.file.Path;
import java.util.Map;

/**
 * llmkit's data directory: {@code --data-dir}, else {@code $LLMKIT_HOME}, else {@code
 * ~/.local/share/llmkit}. The document store lives in {@code <data dir>/retrieval/lucene}.
 */
public final class DataDirectory {

  /** The environment variable naming the data directory. */
  public static final String ENV = "LLMKIT_HOME";

  private DataDirectory() {}

  /** The data directory from a flag (or null) and the process environment. */
  public static Path resolve(Path flag) {
    return resolve(flag, System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The data directory from a flag (or null), an environment and a home directory. */
  public static Path resolve(Path flag, Map<String, String> env, Path home) {
    if (flag != null) {
      return flag.toAbsolutePath();
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    return home.resolve(".local").resolve("share").resolve("llmkit");
  }

  /** Where the Lucene store lives inside a data directory. */
  public static Path luceneStore(Path dataDir) {
    return dataDir.resolve("retrieval").resolve("lucene");
  }
}
