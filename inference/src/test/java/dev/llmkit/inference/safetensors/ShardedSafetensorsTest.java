package dev.llmkit.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardedSafetensorsTest {

  @TempDir Path tmp;

  @Test
  void indexJoinsTheShardsUnderOneNameSpace() {
    try (TensorReader st = Safetensors.open(SafetensorsFileTest.resource("sharded"))) {
      assertThat(st.names()).containsExactly("layer.0.weight", "layer.1.bias", "layer.1.weight");
      assertThat(st.readFloats("layer.0.weight")).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(st.readFloats("layer.1.weight")).containsExactly(0, 1, 2, 3);
      assertThat(st.readFloats("layer.1.bias")).containsExactly(-1, 1);
      assertThat(st.metadata()).containsEntry("format", "pt");
      assertThat(((ShardedSafetensors) st).shards()).hasSize(2);
    }
  }

  @Test
  void shardNamesThatLeaveTheDirectoryAreRefused() throws IOException {
    Path index = writeIndex("{\"weight_map\": {\"a\": \"../outside.safetensors\"}}");
    assertThatThrownBy(() -> ShardedSafetensors.open(index))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("is not a file name");
  }

  @Test
  void tensorListedButAbsentFromItsShardIsNamed() throws IOException {
    SafetensorsWriter.create()
        .addFloats("present", new float[] {1}, new long[] {1})
        .write(tmp.resolve("s1.safetensors"));
    Path index =
        writeIndex(
            "{\"weight_map\": {\"present\": \"s1.safetensors\", \"ghost\": \"s1.safetensors\"}}");
    assertThatThrownBy(() -> ShardedSafetensors.open(index))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("'ghost'")
        .hasMessageContaining("missing from shard s1.safetensors");
  }

  @Test
  void missingShardAndBrokenIndexAreClearErrors() throws IOException {
    Path index = writeIndex("{\"weight_map\": {\"a\": \"gone.safetensors\"}}");
    assertThatThrownBy(() -> ShardedSafetensors.open(index))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("gone.safetensors")
        .hasMessageContaining("file not found");
    Path broken = writeIndex("{\"weight_map\": [1, 2]}");
    assertThatThrownBy(() -> ShardedSafetensors.open(broken))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("no 'weight_map' object");
    Path notJson = writeIndex("{\"weight_map\": ");
    assertThatThrownBy(() -> ShardedSafetensors.open(notJson))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("not valid JSON");
  }

  private Path writeIndex(String json) throws IOException {
    return Files.writeString(tmp.resolve(ShardedSafetensors.INDEX_FILE), json);
  }
}
