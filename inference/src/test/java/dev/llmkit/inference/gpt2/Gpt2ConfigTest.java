package dev.llmkit.inference.gpt2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.TensorReader;
import org.junit.jupiter.api.Test;

class Gpt2ConfigTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void missingKeysTakeTheGpt2SmallDefaults() throws Exception {
    Gpt2Config c = parse("{'model_type':'gpt2'}");
    assertThat(c)
        .isEqualTo(
            new Gpt2Config(
                768,
                12,
                12,
                1024,
                1024,
                3072,
                50257,
                1e-5,
                Activation.GELU_TANH,
                50256,
                50256,
                true));
    assertThat(c.headDim()).isEqualTo(64);
  }

  @Test
  void theTinyFixtureConfigIsReadWithHuggingFaceNames() throws Exception {
    Gpt2Config c = Gpt2Config.read(TinyGpt2.directory("tiny"));
    assertThat(c.nEmbd()).isEqualTo(32);
    assertThat(c.nLayer()).isEqualTo(2);
    assertThat(c.nHead()).isEqualTo(4);
    assertThat(c.nInner()).isEqualTo(128); // "n_inner": null means 4 * n_embd
    assertThat(c.vocabSize()).isEqualTo(300);
    assertThat(c.eos()).hasValue(299);
  }

  @Test
  void invalidConfigsAreRejectedWithTheirHuggingFaceNames() {
    assertThatThrownBy(() -> parse("{'model_type':'gpt2','n_embd':30,'n_head':4}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("n_embd (30) must be a multiple of n_head (4)");
    assertThatThrownBy(() -> parse("{'model_type':'bert'}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("expected GPT-2");
    assertThatThrownBy(() -> parse("{'model_type':'gpt2','activation_function':'swish'}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("unsupported activation 'swish'")
        .hasMessageContaining("gelu_new");
    assertThatThrownBy(() -> parse("{'model_type':'gpt2','n_layer':0}"))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("n_layer");
  }

  @Test
  void checkpointsThatDoNotMatchTheConfigFailNamingTheTensor() throws Exception {
    JsonNode tiny = JSON.readTree(TinyGpt2.directory("tiny").resolve("config.json").toFile());
    assertLoadFails(with(tiny, "n_layer", 3), "missing", "transformer.h.2.attn.c_attn.bias");
    assertLoadFails(with(tiny, "n_layer", 1), "unexpected", "transformer.h.1.");
    assertLoadFails(
        with(tiny, "vocab_size", 301), "transformer.wte.weight is [300, 32], expected [301, 32]");
    assertLoadFails(
        with(tiny, "n_inner", 64),
        "transformer.h.0.mlp.c_fc.weight is [32, 128], expected [32, 64]");
    ObjectNode untied = with(tiny, "n_layer", 2);
    untied.put("tie_word_embeddings", false);
    assertLoadFails(untied, "missing", "lm_head.weight");
  }

  /** Parses JSON written with single quotes for readability. */
  private static Gpt2Config parse(String json) {
    return Gpt2Config.from(ModelConfig.parse(json.replace('\'', '"'), "test config"));
  }

  private static ObjectNode with(JsonNode base, String key, int value) {
    ObjectNode copy = base.deepCopy();
    copy.put(key, value);
    return copy;
  }

  private static void assertLoadFails(JsonNode config, String... messageParts) {
    try (NDManager manager = NDManager.newBaseManager();
        TensorReader reader = Safetensors.open(TinyGpt2.directory("tiny"))) {
      int before = manager.getManagedArrays().size();
      Gpt2Config gpt2 = parse(config.toString());
      assertThatThrownBy(() -> Gpt2Model.load(gpt2, reader, manager))
          .isInstanceOf(ModelLoadException.class)
          .hasMessageContainingAll(messageParts);
      assertThat(manager.getManagedArrays()).hasSize(before); // the partial load was freed
    }
  }
}
