package dev.llmkit.inference.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Converts the real ONNX file from the LangChain4j artifact once and checks the Hugging Face
 * directory against hand-known MiniLM dimensions and an independent Python reading of the same ONNX
 * file ({@code src/test/python/minilm_onnx_samples.py}).
 */
class AllMiniLmL6V2Test {

  static final int LAYERS = 6;
  static final int HIDDEN = 384;
  static final int INTERMEDIATE = 1536;
  static final int VOCAB = 30522;
  static final int POSITIONS = 512;

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path cacheRoot;
  static Path dir;

  @BeforeAll
  static void convertOnce() {
    dir = AllMiniLmL6V2.directory(cacheRoot);
  }

  @Test
  void writesAHuggingFaceModelDirectoryUnderTheCacheRoot() {
    assertThat(dir.getParent()).isEqualTo(cacheRoot.resolve("models"));
    assertThat(dir.getFileName().toString()).matches("all-minilm-l6-v2-[0-9a-f]{16}");
    for (String f :
        List.of(
            "config.json",
            "model.safetensors",
            "tokenizer.json",
            "tokenizer_config.json",
            "modules.json",
            "sentence_bert_config.json",
            "1_Pooling/config.json")) {
      assertThat(dir.resolve(f)).isRegularFile();
    }
  }

  @Test
  void everyBertParameterIsPresentWithMiniLmShapes() {
    List<String> expected = new ArrayList<>();
    try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      assertShape(st, "embeddings.word_embeddings.weight", VOCAB, HIDDEN);
      assertShape(st, "embeddings.position_embeddings.weight", POSITIONS, HIDDEN);
      assertShape(st, "embeddings.token_type_embeddings.weight", 2, HIDDEN);
      assertShape(st, "embeddings.LayerNorm.weight", HIDDEN);
      assertShape(st, "embeddings.LayerNorm.bias", HIDDEN);
      expected.addAll(BertOnnxConverter.EMBEDDING_PARAMETERS);
      for (int l = 0; l < LAYERS; l++) {
        String p = "encoder.layer." + l + ".";
        for (String linear : List.of("query", "key", "value")) {
          assertShape(st, p + "attention.self." + linear + ".weight", HIDDEN, HIDDEN);
          assertShape(st, p + "attention.self." + linear + ".bias", HIDDEN);
        }
        assertShape(st, p + "attention.output.dense.weight", HIDDEN, HIDDEN);
        assertShape(st, p + "attention.output.dense.bias", HIDDEN);
        assertShape(st, p + "attention.output.LayerNorm.weight", HIDDEN);
        assertShape(st, p + "attention.output.LayerNorm.bias", HIDDEN);
        assertShape(st, p + "intermediate.dense.weight", INTERMEDIATE, HIDDEN);
        assertShape(st, p + "intermediate.dense.bias", INTERMEDIATE);
        assertShape(st, p + "output.dense.weight", HIDDEN, INTERMEDIATE);
        assertShape(st, p + "output.dense.bias", HIDDEN);
        assertShape(st, p + "output.LayerNorm.weight", HIDDEN);
        assertShape(st, p + "output.LayerNorm.bias", HIDDEN);
        BertOnnxConverter.LAYER_PARAMETERS.forEach(n -> expected.add(p + n));
      }
      // 5 embedding tensors + 16 per layer, and nothing else (no onnx::MatMul_* left over)
      assertThat(st.names()).containsExactlyInAnyOrderElementsOf(expected).hasSize(5 + 16 * 6);
      assertThat(st.metadata()).containsEntry("format", "pt");
    }
  }

  @Test
  void valuesMatchAnIndependentReadingOfTheOnnxFile() throws IOException {
    JsonNode reference;
    try (InputStream in = getClass().getResourceAsStream("/reference/minilm-onnx-samples.json")) {
      reference = JSON.readTree(in);
    }
    assertThat(reference.get("renamed_matmul_weights").asInt()).isEqualTo(36);
    try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      int checked = 0;
      for (var e : reference.get("tensors").properties()) {
        String name = e.getKey();
        long[] shape = st.info(name).orElseThrow().shape();
        assertThat(shape)
            .as(name)
            .containsExactly(JSON.convertValue(e.getValue().get("shape"), long[].class));
        float[] data = st.readFloats(name);
        double sum = 0;
        for (float v : data) {
          sum += v;
        }
        assertThat(sum)
            .as(name + " sum")
            .isCloseTo(e.getValue().get("sum").asDouble(), within(1e-6));
        for (JsonNode v : e.getValue().get("values")) {
          int index =
              v.size() == 3
                  ? v.get(0).asInt() * (int) shape[1] + v.get(1).asInt()
                  : v.get(0).asInt();
          float expected = (float) v.get(v.size() - 1).asDouble();
          assertThat(data[index]).as(name + " " + v).isEqualTo(expected);
          checked++;
        }
      }
      assertThat(checked).isGreaterThan(15);
    }
  }

  @Test
  void configDescribesABertModelWithMiniLmDims() throws IOException {
    JsonNode c = JSON.readTree(dir.resolve("config.json").toFile());
    assertThat(c.get("architectures").get(0).asText()).isEqualTo("BertModel");
    assertThat(c.get("model_type").asText()).isEqualTo("bert");
    assertThat(c.get("num_hidden_layers").asInt()).isEqualTo(LAYERS);
    assertThat(c.get("hidden_size").asInt()).isEqualTo(HIDDEN);
    assertThat(c.get("num_attention_heads").asInt()).isEqualTo(12);
    assertThat(c.get("intermediate_size").asInt()).isEqualTo(INTERMEDIATE);
    assertThat(c.get("vocab_size").asInt()).isEqualTo(VOCAB);
    assertThat(c.get("max_position_embeddings").asInt()).isEqualTo(POSITIONS);
    assertThat(c.get("type_vocab_size").asInt()).isEqualTo(2);
    assertThat(c.get("layer_norm_eps").asDouble()).isEqualTo(1e-12);
    assertThat(c.get("hidden_act").asText()).isEqualTo("gelu");
  }

  @Test
  void theTokenizerLeavesTruncationAndPaddingToTheCaller() throws IOException {
    JsonNode t = JSON.readTree(dir.resolve("tokenizer.json").toFile());
    assertThat(t.get("truncation").isNull()).isTrue();
    assertThat(t.get("padding").isNull()).isTrue();
    assertThat(t.get("model").get("vocab").get("[CLS]").asInt()).isEqualTo(101);
    assertThat(t.get("model").get("vocab").size()).isEqualTo(VOCAB);
    JsonNode pooling = JSON.readTree(dir.resolve("1_Pooling/config.json").toFile());
    assertThat(pooling.get("pooling_mode_mean_tokens").asBoolean()).isTrue();
  }

  @Test
  void aSecondCallReusesTheConvertedDirectory() throws IOException {
    Path model = dir.resolve("model.safetensors");
    FileTime before = Files.getLastModifiedTime(model);
    long t0 = System.nanoTime();
    assertThat(AllMiniLmL6V2.directory(cacheRoot)).isEqualTo(dir);
    assertThat((System.nanoTime() - t0) / 1e6).isLessThan(1000.0);
    assertThat(Files.getLastModifiedTime(model)).isEqualTo(before);
    try (var entries = Files.list(cacheRoot.resolve("models"))) {
      assertThat(entries).hasSize(1); // no temporary conversion folder left behind
    }
  }

  @Test
  void anIncompleteConversionIsRedone() throws IOException {
    Path scratch = cacheRoot.resolve("scratch");
    Path first = AllMiniLmL6V2.directory(scratch);
    Files.delete(first.resolve("tokenizer.json"));
    assertThat(AllMiniLmL6V2.directory(scratch)).isEqualTo(first);
    assertThat(first.resolve("tokenizer.json")).isRegularFile();
    assertThat(first.resolve("model.safetensors"))
        .hasSameBinaryContentAs(dir.resolve("model.safetensors"));
  }

  @Test
  void theArtifactKeyDependsOnTheFilesContents() throws IOException {
    Path a = cacheRoot.resolve("a.json");
    Path b = cacheRoot.resolve("b.json");
    Files.writeString(a, "{}");
    Files.writeString(b, "{ }");
    String keyA = AllMiniLmL6V2.artifactKey(a.toUri().toURL(), a.toUri().toURL());
    String keyB = AllMiniLmL6V2.artifactKey(a.toUri().toURL(), b.toUri().toURL());
    assertThat(keyA).hasSize(16).isNotEqualTo(keyB);
    assertThat(AllMiniLmL6V2.artifactKey(a.toUri().toURL(), a.toUri().toURL())).isEqualTo(keyA);
  }

  private static void assertShape(SafetensorsFile st, String name, long... shape) {
    assertThat(st.info(name)).as(name).isPresent();
    assertThat(st.info(name).orElseThrow().shape()).as(name).containsExactly(shape);
  }
}
