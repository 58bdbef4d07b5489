package dev.llmkit.inference.store;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * llmkit's own cache (converted models, ...), separate from the Hugging Face cache: {@code
 * -Dllmkit.cache}, else {@code LLMKIT_CACHE}, else {@code ~/.cache/llmkit}.
 */
public final class LlmkitCache {

  /** System property naming the cache root. */
  public static final String PROPERTY = "llmkit.cache";

  /** Environment variable naming the cache root. */
  public static final String ENV = "LLMKIT_CACHE";

  private LlmkitCache() {}

  /**
   * @return the cache root of this process
   */
  public static Path root() {
    return root(System.getProperties(), System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /**
   * @param properties system properties
   * @param env environment variables
   * @param userHome the home directory
   * @return the cache root they select
   */
  public static Path root(Properties properties, Map<String, String> env, Path userHome) {
    String fromProperty = properties.getProperty(PROPERTY);
    if (fromProperty != null && !fromProperty.isBlank()) {
      return Path.of(fromProperty.strip());
    }
    String fromEnv = env.get(ENV);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv.strip());
    }
    return userHome.resolve(".cache").resolve("llmkit");
  }
}
