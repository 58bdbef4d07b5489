package dev.llmkit.inference.tfcheckpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.tfcheckpoint.TestBundleWriter.Tensor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBundleTest {

  @TempDir Path tmp;

  private Path prefix() {
    return tmp.resolve("variables");
  }

  private Path writeTiny() throws IOException {
    new TestBundleWriter()
        .add("module/bert/pooler/dense/kernel", Tensor.floats(new long[] {2, 3}, 1, 2, 3, 4, 5, 6))
        .add("module/bert/pooler/dense/bias", Tensor.floats(new long[] {3}, -1.5f, 0f, 1e-7f))
        .add("module/global_step", Tensor.floats(new long[] {}, 42f))
        .write(prefix());
    return prefix();
  }

  @Test
  void readsEveryTensorWithItsShapeAndValues() throws IOException {
    try (TensorBundle b = TensorBundle.open(writeTiny())) {
      assertThat(b.entries().keySet())
          .containsExactly(
              "module/bert/pooler/dense/bias",
              "module/bert/pooler/dense/kernel",
              "module/global_step");
      assertThat(b.entries().get("module/bert/pooler/dense/kernel").shape()).containsExactly(2, 3);
      assertThat(b.readFloats("module/bert/pooler/dense/kernel")).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(b.readFloats("module/bert/pooler/dense/bias")).containsExactly(-1.5f, 0f, 1e-7f);
      assertThat(b.entries().get("module/global_step").shape()).isEmpty();
      assertThat(b.readFloats("module/global_step")).containsExactly(42f);
    }
  }

  @Test
  void anUnknownTensorIsNoSuchElement() throws IOException {
    try (TensorBundle b = TensorBundle.open(writeTiny())) {
      assertThatThrownBy(() -> b.readFloats("nope")).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void aTruncatedDataFileIsRefusedWhenOpening() throws IOException {
    writeTiny();
    Path data = Path.of(prefix() + ".data-00000-of-00001");
    try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
      f.setLength(f.length() - 4);
    }
    assertThatThrownBy(() -> TensorBundle.open(prefix()))
        .isInstanceOf(TfCheckpointException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void aFlippedDataByteFailsTheTensorsChecksum() throws IOException {
    writeTiny();
    Path data = Path.of(prefix() + ".data-00000-of-00001");
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length - 2] ^= 0x10; // inside global_step, the last tensor written
    Files.write(data, bytes);
    try (TensorBundle b = TensorBundle.open(prefix())) {
      assertThat(b.readFloats("module/bert/pooler/dense/bias")).hasSize(3);
      assertThatThrownBy(() -> b.readFloats("module/global_step"))
          .isInstanceOf(TfCheckpointException.class)
          .hasMessageContaining("CRC-32C");
    }
  }

  @Test
  void aFlippedIndexByteFailsTheBlockChecksum() throws IOException {
    writeTiny();
    Path index = Path.of(prefix() + ".index");
    byte[] bytes = Files.readAllBytes(index);
    bytes[20] ^= 0x01; // inside the data block
    Files.write(index, bytes);
    assertThatThrownBy(() -> TensorBundle.open(prefix()))
        .isInstanceOf(TfCheckpointException.class)
        .hasMessageContaining("CRC-32C");
  }

  @Test
  void everyTruncationOfTheIndexIsATypedError() throws IOException {
    writeTiny();
    Path index = Path.of(prefix() + ".index");
    byte[] bytes = Files.readAllBytes(index);
    for (int len = 0; len < bytes.length; len++) {
      Files.write(index, java.util.Arrays.copyOf(bytes, len));
      assertThatThrownBy(() -> TensorBundle.open(prefix()))
          .as("index cut to %d bytes", len)
          .isInstanceOf(TfCheckpointException.class);
    }
  }

  @Test
  void randomBytesAreNotAnIndex() throws IOException {
    writeTiny();
    byte[] noise = new byte[4096];
    new java.util.Random(7).nextBytes(noise);
    Files.write(Path.of(prefix() + ".index"), noise);
    assertThatThrownBy(() -> TensorBundle.open(prefix()))
        .isInstanceOf(TfCheckpointException.class)
        .hasMessageContaining("magic");
  }

  @Test
  void aMissingDataFileIsATypedError() throws IOException {
    writeTiny();
    Files.delete(Path.of(prefix() + ".data-00000-of-00001"));
    assertThatThrownBy(() -> TensorBundle.open(prefix())).isInstanceOf(TfCheckpointException.class);
  }

  @Test
  void nonFloatTensorsAreRefusedByName() throws IOException {
    new TestBundleWriter()
        .add("step", new Tensor(new long[] {}, null, 9, new byte[8], false)) // DT_INT64
        .write(prefix());
    try (TensorBundle b = TensorBundle.open(prefix())) {
      assertThatThrownBy(() -> b.readFloats("step"))
          .isInstanceOf(TfCheckpointException.class)
          .hasMessageContaining("dtype 9");
    }
  }

  @Test
  void partitionedVariablesAreRefused() throws IOException {
    new TestBundleWriter()
        .add("w", new Tensor(new long[] {1}, new float[] {1}, 1, null, true))
        .write(prefix());
    assertThatThrownBy(() -> TensorBundle.open(prefix()))
        .isInstanceOf(TfCheckpointException.class)
        .hasMessageContaining("slices");
  }

  @Test
  void aSizeThatDisagreesWithTheShapeIsRefused() throws IOException {
    new TestBundleWriter()
        .add("w", new Tensor(new long[] {3}, null, 1, new byte[8], false))
        .write(prefix());
    try (TensorBundle b = TensorBundle.open(prefix())) {
      assertThatThrownBy(() -> b.readFloats("w"))
          .isInstanceOf(TfCheckpointException.class)
          .hasMessageContaining("8 bytes for 3 floats");
    }
  }
}
