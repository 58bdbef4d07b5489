package dev.llmkit.inference.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * llmkit's own cache (converted models, ...), separate from the Hugging Face cache: {@code
 * -Dllmkit.cache}, else {@code LLMKIT_CACHE}, else {@code ~/.cache/llmkit}.
 */
public final class LlmkitCache {

  /** System property naming the cache root. */
  public static final String PROPERTY = "llmkit.cache";

  /** Environment variable naming the cache root. */
  public static final String ENV = "LLMKIT_CACHE";

  /** The folder under the cache root that holds converted and unpacked models. */
  public static final String MODELS = "models";

  private static final Logger LOG = LoggerFactory.getLogger(LlmkitCache.class);

  private LlmkitCache() {}

  /** Fills an existing, empty directory with a model's files. */
  @FunctionalInterface
  public interface DirectoryWriter {
    /**
     * @param emptyDir an existing, empty directory, moved into place once this returns
     * @throws IOException if reading the source or writing a file fails
     */
    void writeInto(Path emptyDir) throws IOException;
  }

  /**
   * The directory {@code models/<name>} under {@code cacheRoot}, written first by {@code writer}
   * unless {@code isComplete} already accepts it. The writer fills a temporary sibling directory,
   * which is then moved into place atomically, so no process ever sees a half-written model: an
   * incomplete directory left by an older version is replaced, and when another process moves its
   * own copy into place first, that copy is kept. The temporary directory is always removed.
   *
   * @param cacheRoot llmkit's cache root, e.g. {@link #root()}
   * @param name the model's folder name, unique per source version (e.g. suffixed by a digest)
   * @param isComplete whether a directory holds every file the model needs
   * @param writer writes the model's files
   * @return the complete model directory
   * @throws IOException if the writer or a file operation fails, or the writer left a directory
   *     that {@code isComplete} rejects
   */
  public static Path materialize(
      Path cacheRoot, String name, Predicate<Path> isComplete, DirectoryWriter writer)
      throws IOException {
    Path target = cacheRoot.resolve(MODELS).resolve(name);
    if (isComplete.test(target)) {
      return target;
    }
    long t0 = System.nanoTime();
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempDirectory(target.getParent(), ".partial-" + name + "-");
    try {
      writer.writeInto(tmp);
      if (Files.exists(target) && !isComplete.test(target)) {
        LOG.warn("replacing incomplete model directory {}", target);
        deleteTree(target);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("wrote {} in {} ms", target, (System.nanoTime() - t0) / 1_000_000);
      } catch (IOException e) {
        // Linux reports rename(2)'s ENOTEMPTY as a plain FileSystemException, not as
        // DirectoryNotEmptyException: whatever the type, a complete target means another
        // process won the race
        if (!isComplete.test(target)) {
          throw e;
        }
        LOG.debug("another process wrote {} first", target);
      }
    } finally {
      deleteTree(tmp);
    }
    if (!isComplete.test(target)) {
      throw new IOException("writing " + name + " left no complete model in " + target);
    }
    return target;
  }

  /**
   * Deletes a file or a directory with everything below it; nothing when it does not exist.
   *
   * @param path the file or directory
   * @throws IOException if a file cannot be deleted
   */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

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
