package dev.llmkit.app.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TestModels;
import dev.llmkit.inference.defaults.DefaultModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code llmkit warmup} with the test classpath's {@code bundled/} folder as the bundle: the tiny
 * BERT stands in for the NER default and for the embedding model.
 */
class WarmupCommandTest {

  @TempDir Path cache;

  private DefaultModels defaults(String resourceRoot) {
    return DefaultModels.builder()
        .resourceRoot(resourceRoot)
        .cacheRoot(cache)
        .embeddingDirectory(root -> TestModels.tinyBert())
        .build();
  }

  @Test
  void bundledModelsAreUnpackedAndRunAndMissingOnesReported() throws Exception {
    CliRun run = CliRun.command(new WarmupCommand(defaults("bundled/")));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("warmup: engine PyTorch ")
        .containsPattern("on cpu float32 \\([0-9.]+ s\\); ")
        .containsPattern("embedding ready \\([0-9.]+ s\\); NER ready \\([0-9.]+ s\\);")
        .contains("; QA missing; generation missing")
        .hasLineCount(1);
    try (var unpacked = Files.list(cache.resolve("models"))) {
      Path ner = unpacked.findFirst().orElseThrow();
      assertThat(ner.getFileName().toString()).startsWith("default-ner-");
      assertThat(ner.resolve("model.safetensors"))
          .hasSameBinaryContentAs(TestModels.tinyBert().resolve("model.safetensors"));
    }
  }

  @Test
  void succeedsWhenOnlyTheEmbeddingModelExists() {
    CliRun run = CliRun.command(new WarmupCommand(defaults("nothing-bundled-here/")));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("embedding ready").contains("NER missing; QA missing");
  }

  @Test
  void engineOnlyPreparesTheNativeLibrariesAndUnpacksNoModel() {
    CliRun run = CliRun.command(new WarmupCommand(defaults("bundled/")), "--engine-only");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("warmup: engine PyTorch ")
        .containsPattern("; tokenizers ready \\([0-9.]+ s\\)$")
        .doesNotContain("NER")
        .hasLineCount(1);
    assertThat(cache).isEmptyDirectory();
  }
}
