package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.llmkit.inference.device.CpuFeatures;
import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.store.HubSettings;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.NerParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
class PipelineLoaderTest {

  @TempDir Path dir;

  /** A model directory as users have them: config, weights and tokenizer files together. */
  private TaskConfig task() throws IOException, URISyntaxException {
    for (String name : List.of("tiny-bert-heads", "tiny-wordpiece")) {
      Path from = Path.of(PipelineLoaderTest.class.getResource("/tiny/" + name).toURI());
      try (var files = Files.list(from)) {
        for (Path f : files.toList()) {
          Files.copy(f, dir.resolve(f.getFileName()));
        }
      }
    }
    return ServerConfig.defaults().ner().withModel(dir.toString());
  }

  @Test
  void loadsAModelDirectoryAndReportsItsWeightsDigestAndDevice() throws Exception {
    try (NerPipelineService ner = PipelineLoader.ner(task(), new SimpleMeterRegistry())) {
      // Digest computed independently with sha256sum.
      assertThat(ner.model().sha256())
          .isEqualTo("e6dd49dbf24e11e04e7cc4b9a4d1945d79f4f3d3648d8363bf6a209d384c105c");
      assertThat(ner.model().revision()).isEqualTo("local");
      assertThat(ner.model().device()).isEqualTo("cpu()");
      var entities =
          ner.recognize(
                  List.of("my name is wolfgang"),
                  new NerParameters(AggregationStrategy.NONE, List.of(), 0))
              .get(30, TimeUnit.SECONDS);
      assertThat(entities.get(0)).hasSize(4);
    }
  }

  @Test
  void embeddingsHaveTheEncodersHiddenSize() throws Exception {
    try (EmbeddingPipelineService embed =
        PipelineLoader.embeddings(task(), new SimpleMeterRegistry())) {
      assertThat(embed.dimensions()).isEqualTo(32);
      var vectors =
          embed.embed(List.of("a cat"), new EmbedParameters(true, false)).get(30, TimeUnit.SECONDS);
      assertThat(vectors.vectors().get(0)).hasSize(32);
    }
  }

  @Test
  void loadsAGpt2DirectoryForGeneration() throws Exception {
    // The tiny GPT-2 (300 ids) with GPT-2's real tokenizer: "a" is id 64, inside the model.
    Path from = Path.of(PipelineLoaderTest.class.getResource("/tiny/tiny-gpt2").toURI());
    try (var files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
    for (String name : List.of("tokenizer.json", "tokenizer_config.json")) {
      try (var in =
          PipelineLoaderTest.class.getResourceAsStream(
              "/dev/llmkit/tokenization/embedded/gpt2/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    Files.writeString(
        dir.resolve("generation_config.json"),
        "{\"do_sample\": true, \"top_k\": 40, \"eos_token_id\": 0}");
    TaskConfig task = ServerConfig.defaults().generate().withModel(dir.toString());
    try (GenerationPipelineService generate = PipelineLoader.generation(task)) {
      assertThat(generate.defaults())
          .isEqualTo(
              new dev.llmkit.server.service.GenerationParameters.Defaults(
                  null, true, null, 40, null, null));
      var generation =
          generate
              .generate(
                  "a",
                  new dev.llmkit.server.service.GenerationParameters(
                      3, false, 1f, 0, 1f, 1f, null, List.of(), false, false),
                  t -> {})
              .get(30, TimeUnit.SECONDS);
      assertThat(generation.tokens()).isNotEmpty().hasSizeLessThanOrEqualTo(3);
      assertThat(generation.tokens()).allSatisfy(t -> assertThat(t.id()).isBetween(0L, 299L));
    }
  }

  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  /** An offline store over a Hugging Face cache holding {@code llmkit-test/tiny-bert} at main. */
  private ModelStore offlineCacheWithTinyBert(Path cache) throws Exception {
    Path repo = cache.resolve("models--llmkit-test--tiny-bert");
    Path snapshot = repo.resolve("snapshots").resolve(COMMIT);
    Files.createDirectories(snapshot);
    Files.createDirectories(repo.resolve("refs"));
    Files.writeString(repo.resolve("refs/main"), COMMIT);
    Path dir = Path.of(task().model());
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.copy(f, snapshot.resolve(f.getFileName()));
      }
    }
    return ModelStore.builder()
        .settings(
            new HubSettings(
                cache, URI.create("http://127.0.0.1:9"), java.util.Optional.empty(), true))
        .build();
  }

  @Test
  void aHubIdResolvesThroughTheStoreAndReportsTheSnapshotCommit(@TempDir Path cache)
      throws Exception {
    ModelStore store = offlineCacheWithTinyBert(cache);
    TaskConfig hub = ServerConfig.defaults().ner().withModel("llmkit-test/tiny-bert");
    try (NerPipelineService ner = PipelineLoader.ner(hub, new SimpleMeterRegistry(), store)) {
      assertThat(ner.model().id()).isEqualTo("llmkit-test/tiny-bert");
      assertThat(ner.model().revision()).isEqualTo(COMMIT);
      // The same weights as the directory test: the same independently computed digest.
      assertThat(ner.model().sha256())
          .isEqualTo("e6dd49dbf24e11e04e7cc4b9a4d1945d79f4f3d3648d8363bf6a209d384c105c");
    }
    TaskConfig pinned = hub.withModel("llmkit-test/tiny-bert@" + COMMIT);
    try (NerPipelineService ner = PipelineLoader.ner(pinned, new SimpleMeterRegistry(), store)) {
      assertThat(ner.model().revision()).isEqualTo(COMMIT);
    }
  }

  @Test
  void aHubIdMissingFromTheOfflineCacheIsAConfigErrorNamingTheTask(@TempDir Path cache)
      throws Exception {
    ModelStore store = offlineCacheWithTinyBert(cache);
    TaskConfig hub = ServerConfig.defaults().qa().withModel("deepset/roberta-base-squad2");
    assertThatThrownBy(() -> PipelineLoader.qa(hub, new SimpleMeterRegistry(), store))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("qa.model: ")
        .hasMessageContaining("deepset/roberta-base-squad2");
  }

  @Test
  void anUnavailableDeviceIsAConfigErrorNamingTheTask() throws Exception {
    TaskConfig cuda = placed("cuda:7", "float32");
    assertThatThrownBy(() -> PipelineLoader.ner(cuda, new SimpleMeterRegistry()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ner.device: ");
  }

  @Test
  void float16OnTheCpuIsAConfigErrorNamingTheDtypeAsTheCommandLineSays() throws Exception {
    TaskConfig half = placed("cpu", "float16");
    assertThatThrownBy(() -> PipelineLoader.ner(half, new SimpleMeterRegistry()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ner.dtype: dtype float16 is only supported on CUDA devices");
  }

  @Test
  void bfloat16OnTheCpuLoadsAndSaysSo() throws Exception {
    assumeTrue(CpuFeatures.host().bfloat16(), "the CPU has no bfloat16 instructions");
    try (NerPipelineService ner =
        PipelineLoader.ner(placed("cpu", "bf16"), new SimpleMeterRegistry())) {
      assertThat(ner.model().dtype()).isEqualTo("bfloat16");
    }
  }

  @Test
  void int8OnTheCpuLoadsAndSaysSo() throws Exception {
    assumeTrue(CpuFeatures.host().int8(), "the CPU has no AVX2");
    try (NerPipelineService ner =
        PipelineLoader.ner(placed("cpu", "int8"), new SimpleMeterRegistry())) {
      assertThat(ner.model().dtype()).isEqualTo("int8");
    }
  }

  /** The tiny task on a device in a precision. */
  private TaskConfig placed(String device, String dtype) throws Exception {
    return new TaskConfig(
        task().model(),
        null,
        device,
        dtype,
        512,
        TooLongPolicy.CHUNK,
        InputLimit.DEFAULT_MAX_REQUEST_TOKENS,
        1000,
        16_384,
        32,
        5,
        64);
  }
}
