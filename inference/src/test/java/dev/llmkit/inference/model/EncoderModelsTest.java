package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading errors and bad inputs are typed, and say exactly what is wrong. */
class EncoderModelsTest {

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

  /** Copies a reference checkpoint, dropping tensors and replacing one. */
  private Path variant(String family, Predicate<String> keep, String reshaped) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(family + "-variant"));
    Files.copy(Reference.headsDir(family).resolve("config.json"), dir.resolve("config.json"));
    SafetensorsWriter w = SafetensorsWriter.create();
    try (SafetensorsFile st =
        SafetensorsFile.open(Reference.headsDir(family).resolve("model.safetensors"))) {
      for (String name : st.names()) {
        if (name.equals(reshaped)) {
          w.addFloats(name, new float[] {1, 2, 3}, new long[] {3});
        } else if (keep.test(name)) {
          w.addFloats(name, st.readFloats(name), st.require(name).shape());
        }
      }
    }
    w.addFloats("bert.something.new", new float[] {0}, new long[] {1});
    w.write(dir.resolve("model.safetensors"));
    return dir;
  }

  @Test
  void missingWrongShapedAndUnexpectedTensorsAreAllListed() throws IOException {
    Path dir =
        variant(
            "bert",
            n -> !n.equals("bert.encoder.layer.1.output.dense.bias"),
            "bert.embeddings.LayerNorm.bias");
    assertThatThrownBy(() -> EncoderModels.loadTokenClassifier(dir, base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("model.safetensors: weights do not fit")
        .hasMessageContaining("missing 1: [bert.encoder.layer.1.output.dense.bias]")
        .hasMessageContaining("bert.embeddings.LayerNorm.bias is [3], expected [32]")
        .hasMessageContaining("unexpected")
        .hasMessageContaining("bert.something.new");
  }

  @Test
  void aTaskModelNeedsItsHead() {
    assertThatThrownBy(
            () -> EncoderModels.loadQuestionAnswerer(Reference.baseDir("distilbert"), base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("missing 2: [qa_outputs.weight, qa_outputs.bias]");
  }

  @Test
  void labelsDefaultFromTheClassifierShapeWhenTheConfigHasNone() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("nolabels"));
    Files.copy(
        Reference.headsDir("roberta").resolve("model.safetensors"),
        dir.resolve("model.safetensors"));
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(Reference.headsDir("roberta").resolve("config.json"))
            .replaceAll("(?s)\"id2label\": \\{[^}]*\\},", "")
            .replaceAll("(?s)\"label2id\": \\{[^}]*\\},", ""));
    try (TokenClassifier model = EncoderModels.loadTokenClassifier(dir, base)) {
      assertThat(model.labels().names())
          .containsExactly("LABEL_0", "LABEL_1", "LABEL_2", "LABEL_3", "LABEL_4");
    }
  }

  @Test
  void aSequenceClassifierIsNotTakenForATokenClassifier() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("seqcls"));
    Files.copy(
        Reference.headsDir("bert").resolve("model.safetensors"), dir.resolve("model.safetensors"));
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(Reference.headsDir("bert").resolve("config.json"))
            .replace("BertForTokenClassification", "BertForSequenceClassification"));
    assertThatThrownBy(() -> EncoderModels.loadTokenClassifier(dir, base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("[BertForSequenceClassification] classifies whole sequences");
  }

  @Test
  void directoriesWithoutConfigOrWeightsAreClearErrors() throws IOException {
    assertThatThrownBy(() -> EncoderModels.loadEncoder(tmp, base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("config.json: not found");
    Files.copy(Reference.baseDir("bert").resolve("config.json"), tmp.resolve("config.json"));
    assertThatThrownBy(() -> EncoderModels.loadEncoder(tmp, base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining("neither model.safetensors nor model.safetensors.index.json");
    Files.writeString(tmp.resolve("config.json"), "{\"architectures\":[\"GPT2LMHeadModel\"]}");
    assertThatThrownBy(() -> EncoderModels.loadEncoder(tmp, base))
        .isInstanceOf(ModelLoadException.class)
        .hasMessageContaining(
            "gpt2 is not an encoder; encoder families: bert, distilbert, roberta");
  }

  @Test
  void badInputsAreTypedErrorsNotNativeCrashes() {
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir("bert"), base);
        NDManager m = base.newSubManager()) {
      var ids = m.create(new long[] {5, 6, 7}, new Shape(1, 3));
      var mask = m.ones(new Shape(1, 3), DataType.INT64);
      assertThatThrownBy(
              () -> encoder.forward(m.create(new long[] {5, 100, 7}, new Shape(1, 3)), mask, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("inputIds must lie in [0, 100), found values from 5 to 100");
      assertThatThrownBy(() -> encoder.forward(ids, m.ones(new Shape(1, 4), DataType.INT64), null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("does not match");
      assertThatThrownBy(
              () -> encoder.forward(ids, mask, m.create(new long[] {0, 2, 0}, new Shape(1, 3))))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("tokenTypeIds must lie in [0, 2)");
      assertThatThrownBy(() -> encoder.forward(ids.toType(DataType.INT32, false), mask, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("must be INT64");
      assertThatThrownBy(
              () ->
                  encoder.forward(
                      m.ones(new Shape(1, 65), DataType.INT64),
                      m.ones(new Shape(1, 65), DataType.INT64),
                      null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("sequence length 65 exceeds the model's maximum of 64");
      assertThatThrownBy(() -> encoder.forward(m.create(new long[] {5, 6}), mask, null))
          .isInstanceOf(ModelInputException.class)
          .hasMessageContaining("(B, T)");
      // still works afterwards
      assertThat(encoder.forward(ids, mask, null).getShape()).isEqualTo(new Shape(1, 3, 32));
    }
  }

  @Test
  void robertaReservesPaddingPositions() {
    try (Encoder encoder = EncoderModels.loadEncoder(Reference.baseDir("roberta"), base);
        NDManager m = base.newSubManager()) {
      // max_position_embeddings 66, padding_idx 1: 64 tokens fit, 65 do not
      assertThat(encoder.maxPositionEmbeddings()).isEqualTo(66);
      assertThat(encoder.maxSequenceLength()).isEqualTo(64);
      var ok = m.full(new Shape(1, 64), 5, DataType.INT64);
      assertThat(
              encoder.forward(ok, m.ones(new Shape(1, 64), DataType.INT64), null).getShape().get(1))
          .isEqualTo(64);
      var tooLong = m.full(new Shape(1, 65), 5, DataType.INT64);
      assertThatThrownBy(
              () -> encoder.forward(tooLong, m.ones(new Shape(1, 65), DataType.INT64), null))
          .isInstanceOf(ModelInputException.class);
    }
  }
}
