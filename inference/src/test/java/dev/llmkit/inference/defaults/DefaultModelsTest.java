package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundled default models, unpacked from the test classpath folder {@code defaults-test/}. */
class DefaultModelsTest {

  @TempDir Path cache;

  private DefaultModels catalog() {
    return DefaultModels.builder()
        .resourceRoot("defaults-test/")
        .cacheRoot(cache)
        .embeddingDirectory(root -> root.resolve("minilm"))
        .build();
  }

  @Test
  void bundledModelIsUnpackedIntoTheCacheWithItsListedFiles() throws Exception {
    Path dir = catalog().directory(DefaultTask.NER);

    assertThat(dir.getParent()).isEqualTo(cache.resolve("models"));
    assertThat(dir.getFileName().toString()).matches("default-ner-[0-9a-f]{16}");
    assertThat(Files.readString(dir.resolve("config.json")))
        .isEqualTo("{\"model_type\": \"bert\"}\n");
    assertThat(Files.readString(dir.resolve("vocab.txt"))).isEqualTo("hello\n");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(2); // the manifest itself is not copied
    }
  }

  @Test
  void secondLookupReusesTheUnpackedDirectory() throws Exception {
    Path first = catalog().directory(DefaultTask.NER);
    Files.writeString(first.resolve("marker"), "kept");

    Path second = catalog().directory(DefaultTask.NER);

    assertThat(second).isEqualTo(first);
    assertThat(second.resolve("marker")).exists();
  }

  @Test
  void missingDefaultSaysToPassAModel() {
    DefaultModels catalog = catalog();

    assertThat(catalog.isBundled(DefaultTask.GENERATION)).isFalse();
    assertThat(catalog.find(DefaultTask.GENERATION)).isEmpty();
    assertThatThrownBy(() -> catalog.directory(DefaultTask.GENERATION))
        .isInstanceOf(NoDefaultModelException.class)
        .hasMessage("no default generation model is bundled yet; pass --model DIR or a Hub id");
  }

  @Test
  void fileNotMatchingItsDigestIsRejectedAndNothingIsLeftInTheCache() throws Exception {
    DefaultModels catalog = catalog();

    assertThat(catalog.isBundled(DefaultTask.QA)).isTrue();
    assertThatThrownBy(() -> catalog.directory(DefaultTask.QA))
        .isInstanceOf(NoDefaultModelException.class)
        .hasMessageContaining("config.json has sha256")
        .hasMessageContaining("its manifest says 0000");
    try (var left = Files.list(cache.resolve("models"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void embeddingDefaultIsTheConvertedMiniLmUnderTheCacheRoot() {
    assertThat(catalog().isBundled(DefaultTask.EMBEDDINGS)).isTrue();
    assertThat(catalog().directory(DefaultTask.EMBEDDINGS)).isEqualTo(cache.resolve("minilm"));
  }
}
