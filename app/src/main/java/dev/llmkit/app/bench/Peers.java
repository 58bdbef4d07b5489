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

  /**
   * LangChain4j's {@code AllMiniLmL6V2EmbeddingModel} on ONNX Runtime, from the jars in {@code
   * library} plus LangChain4j's embedding jars that llmkit already carries.
   *
   * @throws PeerMissingException when ONNX Runtime is not in {@code library}
   */
  static EmbeddingModel allMiniLmOnOnnxRuntime(Path library) {
    List<URL> urls = new ArrayList<>(jars(library));
    if (urls.stream().noneMatch(u -> u.getPath().contains("onnxruntime"))) {
      throw new PeerMissingException(
          "the encoder suite's peer, ONNX Runtime, is not in "
              + library
              + ": build it with ./mvnw -pl app -am package -DskipTests (it copies onnxruntime"
              + " into app/target/bench-lib) or pass -Dllmkit.bench.lib=DIR");
    }
    try {
      // LangChain4j's model and encoder classes, taken again by the peer loader so that they
      // link against the ONNX Runtime it holds.
      urls.add(codeSource("dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder"));
      urls.add(
          codeSource(
              "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel"));
      ClassLoader loader = new PeerLoader(urls.toArray(URL[]::new), Peers.class.getClassLoader());
      Class<?> model =
          loader.loadClass(
              "dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel");
      return (EmbeddingModel) model.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new PeerMissingException("could not start the ONNX Runtime peer: " + e);
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
