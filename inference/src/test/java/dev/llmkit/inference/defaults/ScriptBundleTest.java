package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundle {@code scripts/bundle_default_model.py --int8} made from the random tiny BERT ({@code
 * defaults-int8/ner/}) unpacks to exactly what torch computes for {@code q · s} ({@code
 * reference/int8-bundle/}, both written by {@code src/test/python/make_int8_bundle_reference.py}).
 */
class ScriptBundleTest {

  private static final String KEPT = "bert.encoder.layer.1.output.dense.weight";

  @TempDir Path cache;

  @Test
  void scriptMadeBundleUnpacksToTorchsDequantizedValues() throws Exception {
    Path dir =
        DefaultModels.builder()
            .resourceRoot("defaults-int8/")
            .cacheRoot(cache)
            .embeddingDirectory(root -> root.resolve("unused"))
            .build()
            .directory(DefaultTask.NER);

    Path expectedFile =
        Path.of(getClass().getResource("/reference/int8-bundle/expected.safetensors").toURI());
    try (SafetensorsFile expected = SafetensorsFile.open(expectedFile);
        SafetensorsFile original =
            SafetensorsFile.open(TestBundles.tinyBertHeads().resolve("model.safetensors"));
        SafetensorsFile unpacked = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      assertThat(expected.names()).hasSize(13).doesNotContain(KEPT);
      assertThat(unpacked.names()).isEqualTo(original.names());
      for (String name : original.names()) {
        // The bundle's other tensors are F32, so dequantized ones are F32 too: no rounding left.
        assertThat(unpacked.require(name).dtype()).as(name).isEqualTo(SafetensorsDtype.F32);
        float[] want =
            expected.contains(name) ? expected.readFloats(name) : original.readFloats(name);
        assertThat(unpacked.readFloats(name)).as(name).containsExactly(want);
      }
      assertThat(unpacked.readFloats("bert.embeddings.word_embeddings.weight"))
          .isNotEqualTo(original.readFloats("bert.embeddings.word_embeddings.weight"));
    }
  }
}
