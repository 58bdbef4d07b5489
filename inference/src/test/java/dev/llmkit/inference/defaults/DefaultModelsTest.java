package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundled default models, unpacked from the test classpath folder {@code defaults-test/} and from
 * int8 bundles built in the test.
 */
class DefaultModelsTest {

  @TempDir Path cache;

  private DefaultModels catalog() {
    return DefaultModels.builder()
        .resourceRoot("defaults-test/")
        .cacheRoot(cache)
        .embeddingDirectory(root -> root.resolve("minilm"))
        .build();
  }

  @Test
  void bundledModelIsUnpackedIntoTheCacheWithItsListedFiles() throws Exception {
    Path dir = catalog().directory(DefaultTask.NER);

    assertThat(dir.getParent()).isEqualTo(cache.resolve("models"));
    assertThat(dir.getFileName().toString()).matches("default-ner-[0-9a-f]{16}");
    assertThat(Files.readString(dir.resolve("config.json")))
        .isEqualTo("{\"model_type\": \"bert\"}\n");
    assertThat(Files.readString(dir.resolve("vocab.txt"))).isEqualTo("hello\n");
    try (var files = Files.list(dir)) {
      assertThat(files.count()).isEqualTo(2); // the manifest itself is not copied
    }
  }

  @Test
  void secondLookupReusesTheUnpackedDirectory() throws Exception {
    Path first = catalog().directory(DefaultTask.NER);
    Files.writeString(first.resolve("marker"), "kept");

    Path second = catalog().directory(DefaultTask.NER);

    assertThat(second).isEqualTo(first);
    assertThat(second.resolve("marker")).exists();
  }

  @Test
  void missingDefaultSaysToPassAModel() {
    DefaultModels catalog = catalog();

    assertThat(catalog.isBundled(DefaultTask.GENERATION)).isFalse();
    assertThat(catalog.find(DefaultTask.GENERATION)).isEmpty();
    assertThatThrownBy(() -> catalog.directory(DefaultTask.GENERATION))
        .isInstanceOf(NoDefaultModelException.class)
        .hasMessage("no default generation model is bundled yet; pass --model DIR or a Hub id");
  }

  @Test
  void fileNotMatchingItsDigestIsRejectedAndNothingIsLeftInTheCache() throws Exception {
    DefaultModels catalog = catalog();

    assertThat(catalog.isBundled(DefaultTask.QA)).isTrue();
    assertThatThrownBy(() -> catalog.directory(DefaultTask.QA))
        .isInstanceOf(NoDefaultModelException.class)
        .hasMessageContaining("config.json has sha256")
        .hasMessageContaining("its manifest says 0000");
    try (var left = Files.list(cache.resolve("models"))) {
      assertThat(left).isEmpty();
    }
  }

  /**
   * A bundle made here from a random tiny BERT: every 2-D tensor of at least 1024 values stored as
   * int8, the word embeddings left out and taken from a stand-in base encoder.
   */
  private DefaultModels quantizedBundle(Path root, String quantizedSpec) throws IOException {
    Path originals = TestBundles.tinyBertHeads();
    Path folder = Files.createDirectories(root.resolve("models/ner"));
    Path base = Files.createDirectories(root.resolve("base"));
    Files.copy(originals.resolve("config.json"), folder.resolve("config.json"));
    SafetensorsWriter bundle = SafetensorsWriter.create().metadata("format", "pt");
    try (SafetensorsFile st = SafetensorsFile.open(originals.resolve("model.safetensors"))) {
      for (String name : st.names()) {
        long[] shape = st.require(name).shape();
        if (name.equals(WORDS)) {
          SafetensorsWriter.create()
              .addFloats("embeddings.word_embeddings.weight", st.readFloats(name), shape)
              .write(base.resolve("model.safetensors"));
        } else if (shape.length == 2 && shape[0] * shape[1] >= 1024) {
          TestBundles.addQuantized(bundle, name, st.readFloats(name), shape);
          quantized.add(name);
        } else {
          bundle.addFloats(name, st.readFloats(name), shape);
        }
      }
    }
    bundle.write(folder.resolve("model.safetensors"));
    Files.writeString(
        folder.resolve(BaseTensors.FILE),
        "{\"base\": \"all-minilm-l6-v2\", \"tensors\": {\""
            + WORDS
            + "\": \"embeddings.word_embeddings.weight\"}}");
    StringBuilder scales = new StringBuilder();
    for (String name : quantized) {
      scales.append(scales.isEmpty() ? "" : ", ");
      scales.append('"').append(name).append("\": \"").append(name).append(".int8_scale\"");
    }
    Files.writeString(folder.resolve(QuantizedTensors.FILE), quantizedSpec.formatted(scales));
    TestBundles.writeManifest(folder);
    URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
    loaders.add(loader);
    return DefaultModels.builder()
        .classLoader(loader)
        .resourceRoot("models/")
        .cacheRoot(cache)
        .embeddingDirectory(cacheRoot -> base)
        .build();
  }

  private static final String WORDS = "bert.embeddings.word_embeddings.weight";
  private static final String SPEC =
      "{\"version\": 1, \"scheme\": \"int8-symmetric-per-row\", \"tensors\": {%s}}";

  private final List<String> quantized = new ArrayList<>();
  private final List<URLClassLoader> loaders = new ArrayList<>();

  @AfterEach
  void closeLoaders() throws IOException {
    for (URLClassLoader l : loaders) {
      l.close();
    }
  }

  @Test
  void quantizedBundleUnpacksToTensorsWithinHalfAScaleOfTheOriginals(@TempDir Path root)
      throws Exception {
    Path dir = quantizedBundle(root, SPEC).directory(DefaultTask.NER);

    assertThat(quantized).hasSize(13); // 2 layers × 6 matrices, and the position table
    assertThat(dir.resolve(QuantizedTensors.FILE)).doesNotExist();
    try (SafetensorsFile original =
            SafetensorsFile.open(TestBundles.tinyBertHeads().resolve("model.safetensors"));
        SafetensorsFile unpacked = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      assertThat(unpacked.names()).isEqualTo(original.names()); // no scale tensors left
      for (String name : original.names()) {
        float[] want = original.readFloats(name);
        float[] got = unpacked.readFloats(name);
        assertThat(unpacked.require(name).shape()).isEqualTo(original.require(name).shape());
        if (!quantized.contains(name)) {
          assertThat(got).as(name).containsExactly(want);
          continue;
        }
        int rows = (int) original.require(name).shape()[0];
        int cols = want.length / rows;
        float[] scales = TestBundles.quantizeRows(want, rows, cols).scales();
        boolean changed = false;
        for (int i = 0; i < want.length; i++) {
          float halfScale = scales[i / cols] / 2;
          assertThat(Math.abs(got[i] - want[i]))
              .as("%s[%d]", name, i)
              .isLessThanOrEqualTo(halfScale + Math.ulp(want[i]));
          changed |= got[i] != want[i];
        }
        assertThat(changed).as(name + " went through int8").isTrue();
      }
    }
  }

  @Test
  void unpackedQuantizedBundleLoadsAndRunsCloseToTheOriginal(@TempDir Path root) throws Exception {
    Path dir = quantizedBundle(root, SPEC).directory(DefaultTask.NER);

    try (NDManager m = NDManager.newBaseManager();
        TokenClassifier original =
            EncoderModels.loadTokenClassifier(TestBundles.tinyBertHeads(), m);
        TokenClassifier fromBundle = EncoderModels.loadTokenClassifier(dir, m)) {
      NDArray ids = m.create(new long[][] {{2, 17, 5, 99, 42, 0, 63, 8}});
      NDArray mask = ids.onesLike();
      float[] want = original.logits(ids, mask, null).toFloatArray(); // (1, 8, 5)
      float[] got = fromBundle.logits(ids, mask, null).toFloatArray();
      float worst = 0;
      float largest = 0;
      for (int i = 0; i < want.length; i++) {
        worst = Math.max(worst, Math.abs(got[i] - want[i]));
        largest = Math.max(largest, Math.abs(want[i]));
      }
      assertThat(got).hasSize(8 * 5);
      // Width 32 gives coarse rows (s = max|row| / 127 over 32 values); measured: 1.4%.
      assertThat(worst).isGreaterThan(0f).isLessThan(0.05f * largest);
    }
  }

  @Test
  void quantizedBundleOfAnUnknownSchemeIsRefusedAndNothingIsLeftInTheCache(@TempDir Path root)
      throws Exception {
    DefaultModels catalog = quantizedBundle(root, SPEC.replace("int8-", "int3-"));

    assertThatThrownBy(() -> catalog.directory(DefaultTask.NER))
        .isInstanceOf(NoDefaultModelException.class)
        .hasMessageStartingWith(
            "cannot complete the default NER model: quantized-tensors.json: unknown scheme");
    try (var left = Files.list(cache.resolve("models"))) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void embeddingDefaultIsTheConvertedMiniLmUnderTheCacheRoot() {
    assertThat(catalog().isBundled(DefaultTask.EMBEDDINGS)).isTrue();
    assertThat(catalog().directory(DefaultTask.EMBEDDINGS)).isEqualTo(cache.resolve("minilm"));
  }
}
