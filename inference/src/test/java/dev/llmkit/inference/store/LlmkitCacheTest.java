package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmkitCacheTest {

  @TempDir Path cache;

  private static final Predicate<Path> HAS_CONFIG =
      d -> Files.isRegularFile(d.resolve("config.json"));

  private static void writeConfig(Path dir, String content) throws IOException {
    Files.writeString(dir.resolve("config.json"), content);
  }

  private Path models() {
    return cache.resolve(LlmkitCache.MODELS);
  }

  private String[] modelsEntries() throws IOException {
    try (Stream<Path> s = Files.list(models())) {
      return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
    }
  }

  @Test
  void materializeWritesTheModelOnceAndReusesItAfterwards() throws IOException {
    AtomicInteger writes = new AtomicInteger();
    LlmkitCache.DirectoryWriter writer =
        dir -> {
          writes.incrementAndGet();
          writeConfig(dir, "{\"v\":1}");
        };

    Path first = LlmkitCache.materialize(cache, "m-abc", HAS_CONFIG, writer);
    Path second = LlmkitCache.materialize(cache, "m-abc", HAS_CONFIG, writer);

    assertThat(first).isEqualTo(models().resolve("m-abc")).isEqualTo(second);
    assertThat(first.resolve("config.json")).hasContent("{\"v\":1}");
    assertThat(writes).hasValue(1);
    assertThat(modelsEntries()).containsExactly("m-abc");
  }

  @Test
  void materializeReplacesAnIncompleteDirectoryLeftBehind() throws IOException {
    Path stale = Files.createDirectories(models().resolve("m-abc"));
    Files.writeString(stale.resolve("model.safetensors.part"), "half");

    Path dir = LlmkitCache.materialize(cache, "m-abc", HAS_CONFIG, d -> writeConfig(d, "{}"));

    assertThat(dir.resolve("config.json")).exists();
    assertThat(dir.resolve("model.safetensors.part")).doesNotExist();
  }

  @Test
  void aFailingWriterLeavesNeitherTheModelNorItsTemporaryDirectory() throws IOException {
    assertThatThrownBy(
            () ->
                LlmkitCache.materialize(
                    cache,
                    "m-abc",
                    HAS_CONFIG,
                    d -> {
                      writeConfig(d, "{}");
                      throw new IOException("source truncated");
                    }))
        .isInstanceOf(IOException.class)
        .hasMessage("source truncated");

    assertThat(modelsEntries()).isEmpty();
  }

  @Test
  void aWriterThatLeavesAnIncompleteModelIsReported() throws IOException {
    assertThatThrownBy(
            () ->
                LlmkitCache.materialize(
                    cache, "m-abc", HAS_CONFIG, d -> Files.writeString(d.resolve("x"), "y")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no complete model");
  }

  @Test
  void aCopyMovedIntoPlaceByAnotherProcessFirstIsKept() throws IOException {
    Path target = models().resolve("m-abc");

    Path dir =
        LlmkitCache.materialize(
            cache,
            "m-abc",
            HAS_CONFIG,
            d -> {
              writeConfig(d, "mine");
              // another process finishes while this one is still writing
              Files.createDirectories(target);
              writeConfig(target, "theirs");
            });

    assertThat(dir).isEqualTo(target);
    assertThat(dir.resolve("config.json")).hasContent("theirs");
    assertThat(modelsEntries()).containsExactly("m-abc");
  }

  @Test
  void deleteTreeRemovesNestedDirectoriesAndIgnoresAMissingPath() throws IOException {
    Path root = Files.createDirectories(cache.resolve("a/b/c"));
    Files.writeString(root.resolve("f"), "x");
    Files.writeString(cache.resolve("a/g"), "y");

    LlmkitCache.deleteTree(cache.resolve("a"));
    LlmkitCache.deleteTree(cache.resolve("never-there"));

    assertThat(cache.resolve("a")).doesNotExist();
    assertThat(cache).isEmptyDirectory();
  }
}
