package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileSelectionTest {

  @Test
  void safetensorsWinOverLegacyWeights() {
    List<String> repo =
        List.of(
            ".gitattributes",
            "README.md",
            "config.json",
            "tokenizer.json",
            "tokenizer_config.json",
            "model.safetensors",
            "pytorch_model.bin",
            "tf_model.h5",
            "rust_model.ot",
            "onnx/model.onnx",
            "onnx/model.safetensors");
    assertThat(FileSelection.select(repo))
        .containsExactly(
            "config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors");
  }

  @Test
  void shardedSafetensorsComeWithTheirIndex() {
    List<String> repo =
        List.of(
            "config.json",
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors",
            "model.safetensors.index.json",
            "pytorch_model-00001-of-00002.bin");
    assertThat(FileSelection.select(repo))
        .containsExactly(
            "config.json",
            "model-00001-of-00002.safetensors",
            "model-00002-of-00002.safetensors",
            "model.safetensors.index.json");
  }

  @Test
  void legacyWeightsOnlyWhenNothingElse() {
    assertThat(
            FileSelection.select(
                List.of(
                    "config.json", "vocab.json", "merges.txt", "pytorch_model.bin", "tf_model.h5")))
        .containsExactly("config.json", "vocab.json", "merges.txt", "pytorch_model.bin");
    assertThat(FileSelection.select(List.of("config.json", "tf_model.h5")))
        .containsExactly("config.json", "tf_model.h5");
  }
}
