package dev.llmkit.inference.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.fillmask.FillMaskCandidate;
import dev.llmkit.inference.fillmask.FillMaskOptions;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.inference.fillmask.NoMaskTokenException;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.MaskedLanguageModel;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.tokenization.Tokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real artifact ({@value BertBaseCased#ARTIFACT}, a dependency of this module, so present
 * wherever the build ran): converted into Hugging Face's bert-base-cased, and its fill-mask
 * probabilities against an independent reference ({@code
 * scripts/reference/bert_fill_mask_reference.py}: its own TensorFlow-checkpoint parsing and a
 * float64 forward in plain torch ops).
 */
class BertBaseCasedIT {

  @TempDir static Path cache;

  private static Path dir;

  @BeforeAll
  static void convert() {
    dir = BertBaseCased.directory(cache);
  }

  @AfterAll
  static void done() {
    dir = null;
  }

  @Test
  void theConfigIsHuggingFacesBertBaseCased() throws IOException {
    JsonNode c = new ObjectMapper().readTree(dir.resolve("config.json").toFile());
    assertThat(c.get("architectures").get(0).asText()).isEqualTo("BertForMaskedLM");
    assertThat(c.get("hidden_size").asInt()).isEqualTo(768);
    assertThat(c.get("num_hidden_layers").asInt()).isEqualTo(12);
    assertThat(c.get("num_attention_heads").asInt()).isEqualTo(12);
    assertThat(c.get("intermediate_size").asInt()).isEqualTo(3072);
    assertThat(c.get("vocab_size").asInt()).isEqualTo(28996);
    assertThat(c.get("max_position_embeddings").asInt()).isEqualTo(512);
    assertThat(c.get("type_vocab_size").asInt()).isEqualTo(2);
  }

  @Test
  void theWeightsCarryTransformersNamesAndShapes() {
    try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      // 5 embedding tensors + 12 × 16 per layer + 2 pooler + 5 masked-LM head
      assertThat(st.names()).hasSize(204);
      assertThat(st.require("bert.encoder.layer.0.intermediate.dense.weight").shape())
          .containsExactly(3072, 768); // transposed from TF's [768, 3072]
      assertThat(st.require("bert.embeddings.word_embeddings.weight").shape())
          .containsExactly(28996, 768);
      assertThat(st.names()).contains("cls.predictions.bias", "bert.pooler.dense.weight");
    }
  }

  @Test
  void theTokenizerKeepsCaseAndAccentsWithThePublishedIds() {
    try (Tokenizer t = Tokenizer.fromDirectory(dir)) {
      // bert-base-cased's published ids: [CLS] The capital of France is [MASK] . [SEP]
      assertThat(t.encode("The capital of France is [MASK].").ids())
          .containsExactly(101, 1109, 2364, 1104, 1699, 1110, 103, 119, 102);
      assertThat(t.decode(t.encode("Café Zürich", false).ids(), true)).isEqualTo("Café Zürich");
    }
  }

  @Test
  void fillMaskAgreesWithTheIndependentReferenceTo1e4() throws IOException {
    JsonNode reference;
    try (InputStream in =
        getClass().getResourceAsStream("/reference/bert-base-cased-fill-mask.json")) {
      reference = new ObjectMapper().readTree(in);
    }
    List<String> texts =
        List.of(
            "The capital of France is [MASK].",
            "Paris is the [MASK] of [MASK].",
            "Ada Lovelace was an English [MASK] and writer.");
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(dir);
        MaskedLanguageModel model =
            EncoderModels.loadMaskedLanguageModel(dir, base, DataType.FLOAT32);
        FillMaskPipeline fill =
            FillMaskPipeline.builder().model(model).tokenizer(tokenizer).manager(base).build()) {
      List<List<List<FillMaskCandidate>>> results = fill.run(texts, FillMaskOptions.defaults());
      for (int i = 0; i < texts.size(); i++) {
        JsonNode ref = reference.get(i);
        List<Long> ids = new ArrayList<>();
        ref.get("ids").forEach(n -> ids.add(n.asLong()));
        assertThat(tokenizer.encode(texts.get(i)).ids())
            .containsExactly(ids.stream().mapToLong(Long::longValue).toArray());
        for (int m = 0; m < ref.get("masks").size(); m++) {
          JsonNode expected = ref.get("masks").get(m);
          List<FillMaskCandidate> actual = results.get(i).get(m);
          assertThat(actual).hasSize(expected.size());
          for (int k = 0; k < expected.size(); k++) {
            assertThat(actual.get(k).token()).isEqualTo(expected.get(k).get("token").asLong());
            assertThat(actual.get(k).score())
                .isCloseTo(expected.get(k).get("score").asDouble(), within(1e-4));
          }
        }
      }
      FillMaskCandidate paris = results.get(0).get(0).get(0);
      assertThat(paris.tokenStr()).isEqualTo("Paris");
      assertThat(paris.sequence()).isEqualTo("The capital of France is Paris.");
      // Several masks: transformers keeps the special tokens and the other mask in "sequence".
      assertThat(results.get(1).get(0).get(0).sequence())
          .isEqualTo("[CLS] Paris is the capital of [MASK]. [SEP]");

      // targets: the scores are the full-vocabulary probabilities of just those words, sorted.
      List<FillMaskCandidate> targeted =
          fill.run(
                  texts.get(0),
                  FillMaskOptions.builder().topK(10).targets(List.of("London", "Paris")).build())
              .get(0);
      assertThat(targeted)
          .extracting(FillMaskCandidate::tokenStr)
          .containsExactly("Paris", "London");
      assertThat(targeted.get(0).score()).isEqualTo(paris.score());

      assertThatThrownBy(() -> fill.run("No mask here.", FillMaskOptions.defaults()))
          .isInstanceOf(NoMaskTokenException.class)
          .hasMessageContaining("[MASK]");
    }
  }
}
