package dev.llmkit.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private static ConfigException problems(Runnable load) {
    try {
      load.run();
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  @Test
  void defaultsAreValidAndDisableEveryTask() {
    ServerConfig config = ConfigLoader.load(null, Map.of(), Map.of());
    assertThat(config).isEqualTo(ServerConfig.defaults());
    assertThat(config.ner().enabled()).isFalse();
    assertThat(config.port()).isEqualTo(8080);
  }

  @Test
  void yamlFileOverridesDefaultsAndKeepsTheRest() throws IOException {
    Path file =
        write(
            "llmkit.yaml",
            """
            port: 9000
            api_keys: [k1, k2]
            ner:
              model: dslim/bert-base-NER
              max_batch_tokens: 4096
            """);
    ServerConfig config = ConfigLoader.load(file, Map.of(), Map.of());
    assertThat(config.port()).isEqualTo(9000);
    assertThat(config.apiKeys()).containsExactly("k1", "k2");
    assertThat(config.ner().model()).isEqualTo("dslim/bert-base-NER");
    assertThat(config.ner().maxBatchTokens()).isEqualTo(4096);
    assertThat(config.ner().maxBatchSize()).isEqualTo(ServerConfig.defaults().ner().maxBatchSize());
  }

  @Test
  void environmentOverridesTheFileAndFlagsOverrideTheEnvironment() throws IOException {
    Path file = write("llmkit.json", "{\"port\": 9000, \"host\": \"0.0.0.0\"}");
    Map<String, String> env =
        Map.of(
            "LLMKIT_PORT", "9100",
            "LLMKIT_API_KEYS", "a, b ,c",
            "LLMKIT_NER_MAX_BATCH_SIZE", "7");
    ServerConfig config = ConfigLoader.load(file, env, Map.of("port", "9200"));
    assertThat(config.port()).isEqualTo(9200);
    assertThat(config.host()).isEqualTo("0.0.0.0");
    assertThat(config.apiKeys()).containsExactly("a", "b", "c");
    assertThat(config.ner().maxBatchSize()).isEqualTo(7);
  }

  @Test
  void environmentNamesFollowTheSettingPath() {
    assertThat(ConfigLoader.environmentName("ner.max_batch_tokens"))
        .isEqualTo("LLMKIT_NER_MAX_BATCH_TOKENS");
  }

  @Test
  void aNonNumericEnvironmentValueNamesTheVariable() {
    ConfigException e =
        problems(() -> ConfigLoader.load(null, Map.of("LLMKIT_PORT", "eighty"), Map.of()));
    assertThat(e.problems())
        .containsExactly(
            "environment variable LLMKIT_PORT: 'eighty' is not a valid integer for 'port'");
  }

  @Test
  void aTasksDtypeIsReadLikeTheCommandLinesAndAnUnknownOneIsRefused() {
    ServerConfig config = ConfigLoader.load(null, Map.of("LLMKIT_NER_DTYPE", "fp16"), Map.of());
    assertThat(config.ner().dtype()).isEqualTo("fp16");
    assertThat(ServerConfig.defaults().qa().dtype()).isEqualTo("float32");
    ConfigException e =
        problems(() -> ConfigLoader.load(null, Map.of("LLMKIT_QA_DTYPE", "int4"), Map.of()));
    assertThat(e.problems())
        .containsExactly(
            "qa.dtype: unknown dtype 'int4'; expected float32, float16, bfloat16 or int8");
    assertThat(
            problems(
                    () ->
                        ConfigLoader.load(
                            null, Map.of("LLMKIT_GENERATE_DTYPE", "float16"), Map.of()))
                .problems())
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("generate.dtype must be float32");
  }

  @Test
  void retrievalSettingsAreReadBesideTheRestAndChecked() {
    ServerConfig config =
        ConfigLoader.load(
            null,
            Map.of("LLMKIT_RETRIEVAL_STORE", "pgvector", "LLMKIT_RETRIEVAL_SEGMENT_TOKENS", "100"),
            Map.of());
    assertThat(config.retrieval()).isEqualTo(new RetrievalConfig("pgvector", null, 100, 32));
    ConfigException e =
        problems(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of(
                        "LLMKIT_RETRIEVAL_STORE",
                        "mongo",
                        "LLMKIT_RETRIEVAL_OVERLAP_TOKENS",
                        "300"),
                    Map.of()));
    assertThat(e.problems())
        .containsExactly(
            "retrieval.store: unknown store 'mongo'; use lucene, pgvector, elasticsearch or"
                + " opensearch",
            "retrieval.overlap_tokens must be >= 0 and below segment_tokens (200), got 300");
  }

  @Test
  void chunkingAGenerationPromptIsRefusedAtStartup() {
    ConfigException e =
        problems(
            () ->
                ConfigLoader.load(null, Map.of("LLMKIT_GENERATE_ON_TOO_LONG", "chunk"), Map.of()));
    assertThat(e.problems())
        .containsExactly(
            "generate.on_too_long must be truncate or error: a prompt cannot be chunked");
  }

  @Test
  void anUnknownFileSettingIsNamed() throws IOException {
    Path file = write("c.yaml", "ner:\n  max_batch_tokenz: 3\n");
    ConfigException e = problems(() -> ConfigLoader.load(file, Map.of(), Map.of()));
    assertThat(e.getMessage()).contains("unknown setting 'ner.max_batch_tokenz'");
  }

  @Test
  void aWrongTypeInTheFileIsNamed() throws IOException {
    Path file = write("c.json", "{\"port\": \"high\"}");
    ConfigException e = problems(() -> ConfigLoader.load(file, Map.of(), Map.of()));
    assertThat(e.getMessage()).contains("setting 'port' has the wrong type");
  }

  @Test
  void aMissingFileIsReported() {
    ConfigException e =
        problems(() -> ConfigLoader.load(dir.resolve("nope.yaml"), Map.of(), Map.of()));
    assertThat(e.getMessage()).contains("nope.yaml does not exist");
  }

  @Test
  void everyProblemIsReportedAtOnceWithWhatToFix() {
    ConfigException e =
        problems(
            () ->
                ConfigLoader.load(
                    null,
                    Map.of(
                        "LLMKIT_PORT", "70000",
                        "LLMKIT_MAX_PAYLOAD_BYTES", "0",
                        "LLMKIT_QA_MAX_BATCH_TOKENS", "100",
                        "LLMKIT_CORS_ORIGINS", "example.com/path"),
                    Map.of()));
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "port must be between 0 and 65535 (0 picks a free port), got 70000; set --port or LLMKIT_PORT",
            "max_payload_bytes must be > 0, got 0",
            "qa.max_batch_tokens (100) must be at least qa.max_input_tokens (512): one input must fit in a batch",
            "cors_origins entry 'example.com/path' is not an origin: use '*' or scheme://host[:port] without a path");
  }

  @Test
  void aModelDirectoryMustExistAndHoldAModel() throws IOException {
    Path empty = Files.createDirectory(dir.resolve("empty-model"));
    ConfigException missing =
        problems(
            () -> ConfigLoader.load(null, Map.of("LLMKIT_NER_MODEL", dir + "/missing"), Map.of()));
    assertThat(missing.problems().get(0))
        .startsWith("ner.model: directory ")
        .endsWith("does not exist; give a model directory or a Hub id");
    ConfigException notModel =
        problems(
            () -> ConfigLoader.load(null, Map.of("LLMKIT_NER_MODEL", empty.toString()), Map.of()));
    assertThat(notModel.problems().get(0)).contains("holds no config.json");

    Files.writeString(empty.resolve("config.json"), "{}");
    assertThat(
            ConfigLoader.load(null, Map.of("LLMKIT_NER_MODEL", empty.toString()), Map.of())
                .ner()
                .model())
        .isEqualTo(empty.toString());
  }

  @Test
  void aHubIdIsAcceptedAndGarbageIsNot() {
    assertThat(
            ConfigLoader.load(null, Map.of(), Map.of("qa.model", "deepset/roberta-base-squad2"))
                .qa()
                .enabled())
        .isTrue();
    ConfigException e =
        problems(() -> ConfigLoader.load(null, Map.of(), Map.of("qa.model", "not a model!")));
    assertThat(e.problems().get(0)).contains("is neither an existing directory nor a Hub id");
  }

  @Test
  void anUnknownFlagPathIsReported() {
    ConfigException e = problems(() -> ConfigLoader.load(null, Map.of(), Map.of("prot", "1")));
    assertThat(e.problems()).containsExactly("command-line flag for 'prot': no setting 'prot'");
  }
}
