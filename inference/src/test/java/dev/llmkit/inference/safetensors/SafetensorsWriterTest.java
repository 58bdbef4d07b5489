package dev.llmkit.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsWriterTest {

  @TempDir Path tmp;

  @Test
  void writtenFileReadsBackWithMetadataAndAlignedData() throws IOException {
    Path file = tmp.resolve("out.safetensors");
    SafetensorsWriter.create()
        .metadata("format", "pt")
        .addFloats("b.weight", new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3})
        .addFloats("a.half", new float[] {0.1f, -2f}, new long[] {2}, SafetensorsDtype.F16)
        .addFloats("c.bf16", new float[] {0.1f}, new long[] {1}, SafetensorsDtype.BF16)
        .addLongs("d.ids", new long[] {-1, 1L << 50}, new long[] {1, 2})
        .write(file);

    byte[] raw = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertThat(headerLength % 8).isZero();
    String header = new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(header).startsWith("{\"__metadata__\":{\"format\":\"pt\"}");
    // data is in name order: a.half (4 bytes) then b.weight (24) then c.bf16 (2), d.ids (16)
    assertThat(header)
        .contains("\"a.half\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}");
    assertThat(raw).hasSize((int) (8 + headerLength + 4 + 24 + 2 + 16));
    // 0.1 in fp16 is 0x2E66, little-endian
    assertThat(raw[(int) (8 + headerLength)]).isEqualTo((byte) 0x66);
    assertThat(raw[(int) (8 + headerLength) + 1]).isEqualTo((byte) 0x2e);

    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertThat(st.metadata()).containsExactlyEntriesOf(java.util.Map.of("format", "pt"));
      assertThat(st.readFloats("b.weight")).containsExactly(1, 2, 3, 4, 5, 6);
      assertThat(st.readFloats("a.half")).containsExactly(0.0999755859375f, -2f);
      assertThat(st.readFloats("c.bf16")).containsExactly(0.10009765625f);
      assertThat(st.readLongs("d.ids")).containsExactly(-1, 1L << 50);
      assertThat(st.require("d.ids").shape()).containsExactly(1, 2);
    }
    assertThat(Files.list(tmp)).containsExactly(file); // no temp file left behind
  }

  @Test
  void arraysAreWrittenInTheRequestedPrecision() {
    Path file = tmp.resolve("arrays.safetensors");
    try (NDManager m = NDManager.newBaseManager()) {
      SafetensorsWriter.create()
          .addArray(
              "w",
              m.create(new float[] {0.5f, 1.5f, -3f, 0.1f}, new ai.djl.ndarray.types.Shape(2, 2)),
              SafetensorsDtype.F16)
          .addArray("ids", m.create(new long[] {3, 4}), SafetensorsDtype.F32)
          .write(file);
    }
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertThat(st.require("w").dtype()).isEqualTo(SafetensorsDtype.F16);
      assertThat(st.require("w").shape()).containsExactly(2, 2);
      assertThat(st.readFloats("w")).containsExactly(0.5f, 1.5f, -3f, 0.0999755859375f);
      assertThat(st.require("ids").dtype()).isEqualTo(SafetensorsDtype.I64);
      assertThat(st.readLongs("ids")).containsExactly(3, 4);
    }
  }

  @Test
  void int8TensorIsStoredAsOneSignedBytePerValue() throws IOException {
    Path file = tmp.resolve("int8.safetensors");
    SafetensorsWriter.create()
        .addInt8("q", new byte[] {-127, -1, 0, 127}, new long[] {2, 2})
        .addFloats("s", new float[] {1}, new long[] {1})
        .write(file);

    byte[] raw = Files.readAllBytes(file);
    long headerLength = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
    String header = new String(raw, 8, (int) headerLength, StandardCharsets.UTF_8);
    assertThat(header).contains("\"q\":{\"dtype\":\"I8\",\"shape\":[2,2],\"data_offsets\":[0,4]}");
    // -127 is 0x81 in two's complement, -1 is 0xFF
    assertThat(
            java.util.Arrays.copyOfRange(raw, (int) (8 + headerLength), (int) (12 + headerLength)))
        .containsExactly((byte) 0x81, (byte) 0xff, 0, 0x7f);
    try (SafetensorsFile st = SafetensorsFile.open(file)) {
      assertThat(st.readInt8("q")).containsExactly(-127, -1, 0, 127);
      assertThat(st.readLongs("q")).containsExactly(-127, -1, 0, 127);
      assertThatThrownBy(() -> st.readInt8("s"))
          .isInstanceOf(SafetensorsException.class)
          .hasMessageContaining("dtype F32 is not I8");
    }
  }

  @Test
  void badInputToTheWriterIsRefused() {
    SafetensorsWriter w =
        SafetensorsWriter.create().addFloats("x", new float[] {1}, new long[] {1});
    assertThatThrownBy(() -> w.addFloats("x", new float[] {1}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("duplicate");
    assertThatThrownBy(() -> w.addFloats("y", new float[] {1, 2}, new long[] {3}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs 3 values, got 2");
    assertThatThrownBy(() -> w.addFloats("__metadata__", new float[] {1}, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> w.addFloats("z", new float[] {1}, new long[] {1}, SafetensorsDtype.I32))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
