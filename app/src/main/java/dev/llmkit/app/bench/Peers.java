package dev.llmkit.app.bench;

import dev.langchain4j.model.embedding.EmbeddingModel;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The peers a suite measures llmkit against, loaded from {@code bench-lib/} beside llmkit's own
 * libraries rather than from its classpath: ONNX Runtime (93 MB) is a benchmark's dependency, not
 * the product's, so neither {@code app/target/lib} nor the Docker image carries it.
 */
final class Peers {

  /** The package prefixes the peer loader loads itself instead of asking llmkit's class path. */
  private static final List<String> OWN =
      List.of("ai.onnxruntime.", "dev.langchain4j.model.embedding.onnx.");

  private Peers() {}

  /** Where the build copies the peers' jars; {@code -Dllmkit.bench.lib} overrides. */
  static Path defaultLibrary() {
    String set = System.getProperty("llmkit.bench.lib");
    if (set != null) {
      return Path.of(set);
    }
    return Path.of(System.getProperty("llmkit.home", ".")).resolve("app/target/bench-lib");
  }

  /** all-MiniLM-L6-v2 as LangChain4j ships it for ONNX Runtime: float32, or quantized to int8. */
  enum MiniLm {
    FLOAT32(
        "LangChain4j AllMiniLmL6V2EmbeddingModel (ONNX Runtime)",
        "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel"),
    INT8(
        "LangChain4j AllMiniLmL6V2QuantizedEmbeddingModel (ONNX Runtime, int8)",
        "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel");

    final String label;
    final String className;

    MiniLm(String label, String className) {
      this.label = label;
      this.className = className;
    }
  }

  /**
   * LangChain4j's MiniLM on ONNX Runtime, from the jars in {@code library} (ONNX Runtime, and the
   * int8 model) plus LangChain4j's embedding jars that llmkit already carries.
   *
   * @throws PeerMissingException when ONNX Runtime or the model is not in {@code library}
   */
  static EmbeddingModel allMiniLmOnOnnxRuntime(Path library, MiniLm variant) {
    List<URL> urls = new ArrayList<>(jars(library));
    if (urls.stream().noneMatch(u -> u.getPath().contains("onnxruntime"))) {
      throw new PeerMissingException(
          "the encoder suite's peer, ONNX Runtime, is not in "
              + library
              + ": build it with ./mvnw -pl app -am package -DskipTests (it copies onnxruntime"
              + " into app/target/bench-lib) or pass -Dllmkit.bench.lib=DIR");
    }
    try {
      // LangChain4j's encoder and float32 model classes, taken again by the peer loader so that
      // they link against the ONNX Runtime it holds (the int8 model's jar is in bench-lib).
      urls.add(codeSource("dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder"));
      urls.add(codeSource(MiniLm.FLOAT32.className));
      ClassLoader loader = new PeerLoader(urls.toArray(URL[]::new), Peers.class.getClassLoader());
      // LangChain4j reads the model file through the thread's context class loader
      Thread thread = Thread.currentThread();
      ClassLoader before = thread.getContextClassLoader();
      thread.setContextClassLoader(loader);
      try {
        Class<?> model = loader.loadClass(variant.className);
        return (EmbeddingModel) model.getConstructor().newInstance();
      } finally {
        thread.setContextClassLoader(before);
      }
    } catch (ReflectiveOperationException e) {
      throw new PeerMissingException("could not start the ONNX Runtime peer " + variant + ": " + e);
    }
  }

  private static URL codeSource(String className) throws ClassNotFoundException {
    return Class.forName(className, false, Peers.class.getClassLoader())
        .getProtectionDomain()
        .getCodeSource()
        .getLocation();
  }

  private static List<URL> jars(Path library) {
    if (!Files.isDirectory(library)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(library)) {
      List<URL> urls = new ArrayList<>();
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        urls.add(jar.toUri().toURL());
      }
      return urls;
    } catch (IOException e) {
      return List.of();
    }
  }

  /** Child-first for {@link #OWN}, parent-first (llmkit's classes, LangChain4j core) otherwise. */
  private static final class PeerLoader extends URLClassLoader {
    PeerLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (OWN.stream().noneMatch(name::startsWith)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          c = findClass(name);
        }
        if (resolve) {
          resolveClass(c);
        }
        return c;
      }
    }
  }

  /** A peer is not installed; the suite cannot compare (exit code 2). */
  static final class PeerMissingException extends RuntimeException {
    PeerMissingException(String message) {
      super(message);
    }
  }
}
