package dev.llmkit.inference.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxGraphTest {

  static byte[] smallModel() {
    OnnxBuilder graph =
        new OnnxBuilder()
            .message(1, OnnxBuilder.node("/dense/MatMul", "MatMul", "x", "onnx::MatMul_1"))
            .string(2, "torch_jit")
            .message(
                5,
                OnnxBuilder.floatTensor(
                    "onnx::MatMul_1", new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}))
            .message(
                5, OnnxBuilder.floatTensor("dense.bias", new long[] {3}, new float[] {7, 8, 9}));
    return OnnxBuilder.model(graph);
  }

  @Test
  void readsNodesAndInitializers() {
    OnnxGraph g = OnnxGraph.parse(ByteBuffer.wrap(smallModel()));
    assertThat(g.nodes())
        .containsExactly(
            new OnnxGraph.Node(
                "/dense/MatMul",
                "MatMul",
                List.of("x", "onnx::MatMul_1"),
                List.of("/dense/MatMul_output_0")));
    assertThat(g.initializers()).containsOnlyKeys("onnx::MatMul_1", "dense.bias");
    OnnxGraph.Tensor w = g.initializers().get("onnx::MatMul_1");
    assertThat(w.dims()).containsExactly(2, 3);
    assertThat(w.toFloats()).containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void readsPackedDimsAndFloatData() {
    OnnxBuilder packedDims = new OnnxBuilder().raw((byte) 2, (byte) 1); // varints 2, 1
    OnnxBuilder tensor =
        new OnnxBuilder()
            .message(1, packedDims)
            .varint(2, 1)
            .string(8, "t")
            .bytes(4, floatBytes(0.5f, -1.5f));
    byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, tensor));
    OnnxGraph.Tensor t = OnnxGraph.parse(ByteBuffer.wrap(model)).initializers().get("t");
    assertThat(t.dims()).containsExactly(2, 1);
    assertThat(t.toFloats()).containsExactly(0.5f, -1.5f);
  }

  @Test
  void readsUnpackedFloatData() {
    OnnxBuilder tensor =
        new OnnxBuilder().varint(1, 2).varint(2, 1).string(8, "t").fixed32(4, 3f).fixed32(4, 4f);
    byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, tensor));
    assertThat(OnnxGraph.parse(ByteBuffer.wrap(model)).initializers().get("t").toFloats())
        .containsExactly(3f, 4f);
  }

  @Test
  void aFileWithoutGraphIsRejected() {
    assertThatThrownBy(
            () -> OnnxGraph.parse(ByteBuffer.wrap(new OnnxBuilder().varint(1, 8).bytes())))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("no graph");
  }

  @Test
  void rawDataThatDoesNotFillTheDimsIsRejected() {
    OnnxBuilder tensor = OnnxBuilder.floatTensor("w", new long[] {2, 2}, new float[] {1, 2, 3});
    byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, tensor));
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(model)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("w with dims [2, 2] needs 16 bytes of data but has 12");
  }

  @Test
  void hugeOrNegativeDimsAreRejected() {
    for (long dim : new long[] {-1, 1L << 40}) {
      OnnxBuilder tensor = new OnnxBuilder().varint(1, dim).varint(2, 1).string(8, "w");
      byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, tensor));
      assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(model)))
          .isInstanceOf(OnnxFormatException.class)
          .hasMessageContaining("invalid dim");
    }
    OnnxBuilder overflow =
        new OnnxBuilder().varint(1, 1L << 30).varint(1, 1L << 30).varint(2, 1).string(8, "w");
    byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, overflow));
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(model)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void externalDataIsRejected() {
    OnnxBuilder tensor = new OnnxBuilder().varint(1, 1).varint(2, 1).string(8, "w").varint(14, 1);
    byte[] model = OnnxBuilder.model(new OnnxBuilder().message(5, tensor));
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(model)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("external data");
  }

  @Test
  void groupWireTypesAndOverlongVarintsAreRejected() {
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(new byte[] {0x0b})))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("wire type 3");
    byte[] overlong = new byte[12];
    Arrays.fill(overlong, (byte) 0xff);
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(overlong)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("varint");
  }

  @Test
  void aLengthBeyondTheFileIsRejectedWithItsOffset() {
    byte[] model = {0x3a, (byte) 0xff, (byte) 0xff, 0x03, 0x00}; // field 7, length 65535
    assertThatThrownBy(() -> OnnxGraph.parse(ByteBuffer.wrap(model)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("claims 65535 bytes but only 1 remain");
  }

  @Test
  void everyTruncationFailsCleanly() {
    byte[] model = smallModel();
    for (int n = 0; n < model.length; n++) {
      byte[] cut = Arrays.copyOf(model, n);
      try {
        OnnxGraph.parse(ByteBuffer.wrap(cut));
      } catch (OnnxFormatException expected) {
        // a clean, typed failure
      }
    }
  }

  @Test
  void randomCorruptionNeverEscapesAsAnotherException() {
    byte[] model = smallModel();
    Random random = new Random(3);
    for (int trial = 0; trial < 5000; trial++) {
      byte[] corrupt = model.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      }
      try {
        OnnxGraph g = OnnxGraph.parse(ByteBuffer.wrap(corrupt));
        g.initializers().values().stream()
            .filter(t -> t.dataType() == OnnxGraph.FLOAT)
            .forEach(OnnxGraph.Tensor::toFloats);
      } catch (OnnxFormatException expected) {
        // a clean, typed failure
      }
    }
  }

  private static byte[] floatBytes(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }
}
