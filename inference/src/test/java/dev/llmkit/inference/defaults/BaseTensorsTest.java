package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsException;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.TensorReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseTensorsTest {

  @TempDir Path base;
  @TempDir Path bundle;

  @BeforeEach
  void writeBaseAndBundle() {
    SafetensorsWriter.create()
        .addFloats("embeddings.word_embeddings.weight", new float[] {1, 2, 3, 4, 5, 6}, shape(3, 2))
        .addFloats("pooler.dense.bias", new float[] {9}, shape(1))
        .write(base.resolve("model.safetensors"));
    SafetensorsWriter.create()
        .addFloats(
            "classifier.weight", new float[] {0.5f, -1.5f}, shape(1, 2), SafetensorsDtype.F16)
        .write(bundle.resolve("model.safetensors"));
  }

  @Test
  void namedTensorsAreCopiedFromTheBaseUnderTheBundlesNames() throws Exception {
    describe(
        "{\"base\": \"all-minilm-l6-v2\", \"tensors\":"
            + " {\"bert.embeddings.word_embeddings.weight\": \"embeddings.word_embeddings.weight\"}}");

    BaseTensors.complete(bundle, base);

    try (TensorReader merged = Safetensors.open(bundle.resolve("model.safetensors"))) {
      assertThat(merged.names())
          .containsExactly("bert.embeddings.word_embeddings.weight", "classifier.weight");
      assertThat(merged.readFloats("bert.embeddings.word_embeddings.weight"))
          .containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(merged.require("bert.embeddings.word_embeddings.weight").shape())
          .containsExactly(3, 2);
      // The bundle's own tensors keep their values (0.5 and -1.5 are exact in float16).
      assertThat(merged.readFloats("classifier.weight")).containsExactly(0.5f, -1.5f);
    }
  }

  @Test
  void anotherBaseIsRefused() throws Exception {
    describe("{\"base\": \"bert-base-uncased\", \"tensors\": {\"a\": \"b\"}}");

    assertThatThrownBy(() -> BaseTensors.complete(bundle, base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("base must be \"all-minilm-l6-v2\"");
  }

  @Test
  void aTensorMissingFromTheBaseIsAnError() throws Exception {
    describe("{\"base\": \"all-minilm-l6-v2\", \"tensors\": {\"x\": \"no.such.tensor\"}}");

    assertThatThrownBy(() -> BaseTensors.complete(bundle, base))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("no.such.tensor");
  }

  @Test
  void aTensorAlreadyInTheBundleIsNotOverwritten() throws Exception {
    describe(
        "{\"base\": \"all-minilm-l6-v2\", \"tensors\": {\"classifier.weight\": \"pooler.dense.bias\"}}");

    assertThatThrownBy(() -> BaseTensors.complete(bundle, base))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("classifier.weight is already in the bundle");
  }

  private void describe(String json) throws Exception {
    Files.writeString(bundle.resolve(BaseTensors.FILE), json);
  }

  private static long[] shape(long... dims) {
    return dims;
  }
}
