package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.peft.PeftAdapter;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A LoRA adapter saved in PEFT's layout reloads bit for bit and loads merged into its base. */
class LoraAdapterRoundTripTest {

  private static NDManager base;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    base.close();
  }

  private static LoraConfig config(Path baseDir) {
    return new LoraConfig(
        baseDir.toAbsolutePath().toString(),
        2,
        5,
        0.1,
        List.of("query", "value", "dense"),
        List.of("classifier"),
        "TOKEN_CLS");
  }

  /** A trained-looking adapter: every A and B non-zero, registered with the classifier. */
  private static TokenClassifier adapted(LoraConfig config) {
    Path dir = Reference.headsDir("bert");
    Encoder encoder = EncoderModels.loadEncoderForTraining(dir, base, config, null, 0);
    int i = 0;
    for (Map.Entry<String, NDArray> e : encoder.parameters().asMap().entrySet()) {
      if (e.getKey().contains(".lora_")) {
        float[] values = new float[(int) e.getValue().size()];
        for (int j = 0; j < values.length; j++) {
          values[j] = (float) (0.05 * Math.sin(31.0 * i + j));
        }
        e.getValue().set(values);
        i++;
      }
    }
    try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      NDManager m = encoder.parameters().manager();
      Linear classifier =
          new Linear(
              encoder.parameters().register("classifier.weight", st.read("classifier.weight", m)),
              encoder.parameters().register("classifier.bias", st.read("classifier.bias", m)));
      return new TokenClassifier(encoder, classifier, Labels.generic(5));
    }
  }

  private Path save(TokenClassifier model, LoraConfig config) throws IOException {
    Path out = tmp.resolve("adapter");
    PeftAdapter.save(out, config, model.encoder().parameters());
    Files.copy(Reference.headsDir("bert").resolve("config.json"), out.resolve("config.json"));
    return out;
  }

  @Test
  void theAdapterFileHoldsPeftKeysAndReloadsBitIdentically() throws IOException {
    LoraConfig config = config(Reference.headsDir("bert"));
    try (TokenClassifier model = adapted(config)) {
      Path dir = save(model, config);
      try (SafetensorsFile st = SafetensorsFile.open(dir.resolve(PeftAdapter.WEIGHTS))) {
        // 2 layers × (query, value, attention.output.dense, intermediate.dense, output.dense) × (A,
        // B)
        // + the classifier's weight and bias
        assertThat(st.names()).hasSize(2 * 5 * 2 + 2);
        assertThat(st.names())
            .contains(
                "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight",
                "base_model.model.bert.encoder.layer.1.output.dense.lora_B.weight",
                "base_model.model.classifier.weight",
                "base_model.model.classifier.bias");
        for (String key : st.names()) {
          String name = key.substring("base_model.model.".length());
          float[] saved = st.readFloats(key);
          float[] live = model.encoder().parameters().get(name).toFloatArray();
          for (int j = 0; j < live.length; j++) {
            assertThat(Float.floatToRawIntBits(saved[j]))
                .as("%s[%d]", key, j)
                .isEqualTo(Float.floatToRawIntBits(live[j]));
          }
        }
      }
      JsonNode json = new ObjectMapper().readTree(dir.resolve("adapter_config.json").toFile());
      assertThat(json.get("peft_type").asText()).isEqualTo("LORA");
      assertThat(json.get("r").asInt()).isEqualTo(2);
      assertThat(json.get("lora_alpha").asDouble()).isEqualTo(5.0);
      assertThat(json.get("lora_dropout").asDouble()).isEqualTo(0.1);
      assertThat(json.get("task_type").asText()).isEqualTo("TOKEN_CLS");
      assertThat(json.get("modules_to_save").get(0).asText()).isEqualTo("classifier");
      assertThat(json.get("target_modules").toString())
          .isEqualTo("[\"query\",\"value\",\"dense\"]");
      assertThat(LoraConfig.read(dir)).isEqualTo(config);
    }
  }

  @Test
  void anAdapterDirectoryLoadsMergedWithTheSameLogitsAsTheUnmergedAdapter() throws IOException {
    LoraConfig config = config(Reference.headsDir("bert"));
    Reference.Case c = Reference.load("bert").cases().get(0);
    try (TokenClassifier model = adapted(config);
        NDManager m = base.newSubManager()) {
      Path dir = save(model, config);
      float[] unmerged = model.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray();
      float[] plain;
      try (TokenClassifier baseModel =
          EncoderModels.loadTokenClassifier(Reference.headsDir("bert"), base)) {
        plain = baseModel.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray();
      }
      try (TokenClassifier merged = EncoderModels.loadTokenClassifier(dir, base)) {
        float[] logits = merged.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray();
        double worst = 0;
        double moved = 0;
        for (int j = 0; j < logits.length; j++) {
          worst = Math.max(worst, Math.abs(logits[j] - unmerged[j]));
          moved = Math.max(moved, Math.abs(logits[j] - plain[j]));
        }
        assertThat(moved).as("the adapter changes the model").isGreaterThan(1e-3);
        assertThat(worst).as("merged vs unmerged").isLessThan(1e-5);
      }
    }
  }

  @Test
  void anAdapterWhoseBaseLacksATargetIsRefused() throws IOException {
    LoraConfig config = config(Reference.headsDir("bert"));
    try (TokenClassifier model = adapted(config)) {
      Path dir = save(model, config);
      // The same adapter pointed at a DistilBERT base, whose modules have other names.
      new LoraConfig(
              Reference.headsDir("distilbert").toAbsolutePath().toString(),
              2,
              5,
              0.1,
              config.targetModules(),
              config.modulesToSave(),
              "TOKEN_CLS")
          .write(dir);
      assertThatThrownBy(() -> EncoderModels.loadTokenClassifier(dir, base))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContaining("lacks");
    }
  }

  @Test
  void unsupportedPeftVariantsAreRefusedByName() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("dora"));
    Files.writeString(
        dir.resolve("adapter_config.json"),
        "{\"peft_type\":\"LORA\",\"r\":4,\"lora_alpha\":8,\"target_modules\":[\"query\"],"
            + "\"use_dora\":true,\"base_model_name_or_path\":\"x\"}");
    assertThatThrownBy(() -> LoraConfig.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("use_dora");
    Files.writeString(dir.resolve("adapter_config.json"), "{\"peft_type\":\"IA3\"}");
    assertThatThrownBy(() -> LoraConfig.read(dir))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("IA3");
  }
}
