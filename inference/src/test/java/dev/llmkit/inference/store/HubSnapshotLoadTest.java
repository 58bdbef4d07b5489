package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.store.FakeHub.RepoFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint fetched from a (fake) Hub loads from its symlinked cache snapshot. */
class HubSnapshotLoadTest {

  @TempDir Path cacheDir;
  @TempDir Path localCopy;

  static byte[] resource(String name) throws IOException {
    try (InputStream in =
        HubSnapshotLoadTest.class.getResourceAsStream("/reference/tiny-bert/" + name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void aDownloadedSnapshotGivesTheSameHiddenStatesAsTheOriginalFiles() throws IOException {
    byte[] config = resource("config.json");
    byte[] weights = resource("model.safetensors");
    Files.write(localCopy.resolve("config.json"), config);
    Files.write(localCopy.resolve("model.safetensors"), weights);
    Path snapshot;
    try (FakeHub hub = new FakeHub()) {
      Map<String, RepoFile> files = new LinkedHashMap<>();
      files.put("config.json", new RepoFile(config, false));
      files.put("model.safetensors", new RepoFile(weights, true));
      hub.addCommit("llmkit/tiny-bert", "a".repeat(40), "main", files);
      snapshot =
          ModelStore.builder()
              .settings(new HubSettings(cacheDir, hub.endpoint(), Optional.empty(), false))
              .build()
              .resolve("llmkit/tiny-bert");
    }
    assertThat(Files.isSymbolicLink(snapshot.resolve("model.safetensors"))).isTrue();

    try (NDManager base = NDManager.newBaseManager();
        Encoder fromHub = EncoderModels.loadEncoder(snapshot, base);
        Encoder fromFiles = EncoderModels.loadEncoder(localCopy, base);
        NDManager request = base.newSubManager()) {
      Shape shape = new Shape(1, 5);
      NDArray ids = request.create(new long[] {2, 17, 42, 99, 3}, shape);
      NDArray mask = request.ones(shape, DataType.INT64);
      float[] a = fromHub.forward(ids, mask, null).toFloatArray();
      float[] b = fromFiles.forward(ids, mask, null).toFloatArray();
      assertThat(a).hasSize(5 * 32).containsExactly(b);
    }
  }
}
