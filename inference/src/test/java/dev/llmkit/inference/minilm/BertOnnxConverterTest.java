package dev.llmkit.inference.minilm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** A one-layer BERT (hidden 2, intermediate 3) exported the way torch.onnx names things. */
class BertOnnxConverterTest {

  static final int H = 2;
  static final int I = 3;

  /** Builds the export; {@code skip} drops one initializer, {@code rename} changes a node name. */
  static byte[] tinyExport(String skip, String renameNode) {
    OnnxBuilder graph = new OnnxBuilder();
    Map<String, long[]> kept = new LinkedHashMap<>();
    kept.put("embeddings.word_embeddings.weight", new long[] {5, H});
    kept.put("embeddings.position_embeddings.weight", new long[] {4, H});
    kept.put("embeddings.token_type_embeddings.weight", new long[] {2, H});
    kept.put("embeddings.LayerNorm.weight", new long[] {H});
    kept.put("embeddings.LayerNorm.bias", new long[] {H});
    for (String p : BertOnnxConverter.LAYER_PARAMETERS) {
      if (p.endsWith(".bias") || p.contains("LayerNorm")) {
        long n = p.startsWith("intermediate") ? I : H;
        kept.put("encoder.layer.0." + p, new long[] {n});
      }
    }
    // Linear weights as exported: [in, out], anonymous names, one MatMul node each.
    Map<String, long[]> matmuls = new LinkedHashMap<>();
    matmuls.put("/encoder/layer.0/attention/self/query/MatMul", new long[] {H, H});
    matmuls.put("/encoder/layer.0/attention/self/key/MatMul", new long[] {H, H});
    matmuls.put("/encoder/layer.0/attention/self/value/MatMul", new long[] {H, H});
    matmuls.put("/encoder/layer.0/attention/output/dense/MatMul", new long[] {H, H});
    matmuls.put("/encoder/layer.0/intermediate/dense/MatMul", new long[] {H, I});
    matmuls.put("/encoder/layer.0/output/dense/MatMul", new long[] {I, H});
    int id = 700;
    for (var e : matmuls.entrySet()) {
      String weight = "onnx::MatMul_" + id++;
      String nodeName = e.getKey().equals(renameNode) ? "/Gemm_7" : e.getKey();
      graph.message(1, OnnxBuilder.node(nodeName, "MatMul", "hidden", weight));
      if (!e.getKey().equals(skip)) {
        graph.message(5, OnnxBuilder.floatTensor(weight, e.getValue(), iota(e.getValue())));
      }
    }
    graph.message(
        5,
        new OnnxBuilder()
            .varint(1, 1)
            .varint(1, 4)
            .varint(2, 7)
            .string(8, "embeddings.position_ids")
            .bytes(9, new byte[32]));
    for (var e : kept.entrySet()) {
      if (!e.getKey().equals(skip)) {
        graph.message(5, OnnxBuilder.floatTensor(e.getKey(), e.getValue(), iota(e.getValue())));
      }
    }
    return OnnxBuilder.model(graph);
  }

  static float[] iota(long[] dims) {
    int n = 1;
    for (long d : dims) {
      n *= (int) d;
    }
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = i + 1;
    }
    return v;
  }

  static Map<String, HfTensor> convert(byte[] model) {
    return BertOnnxConverter.convert(OnnxGraph.parse(ByteBuffer.wrap(model))).stream()
        .collect(Collectors.toMap(HfTensor::name, Function.identity()));
  }

  @Test
  void matMulWeightsGetTheNameOfTheirNodeAndAreTransposedBack() {
    Map<String, HfTensor> t = convert(tinyExport(null, null));
    HfTensor up = t.get("encoder.layer.0.intermediate.dense.weight");
    // exported [in=2, out=3] = [[1,2,3],[4,5,6]] is nn.Linear weight [out=3, in=2] = its transpose
    assertThat(up.shape()).containsExactly(3, 2);
    assertThat(up.data()).containsExactly(1, 4, 2, 5, 3, 6);
    HfTensor down = t.get("encoder.layer.0.output.dense.weight");
    assertThat(down.shape()).containsExactly(2, 3);
    assertThat(down.data()).containsExactly(1, 3, 5, 2, 4, 6);
    assertThat(t.get("encoder.layer.0.attention.self.query.weight").data())
        .containsExactly(1, 3, 2, 4);
  }

  @Test
  void namedTensorsKeepTheirNamesAndTheInt64BufferIsDropped() {
    Map<String, HfTensor> t = convert(tinyExport(null, null));
    assertThat(t).hasSize(5 + 16).doesNotContainKey("embeddings.position_ids");
    assertThat(t.keySet()).noneMatch(n -> n.startsWith("onnx::"));
    assertThat(t.get("embeddings.word_embeddings.weight").shape()).containsExactly(5, H);
    assertThat(t.get("encoder.layer.0.output.LayerNorm.bias").data()).containsExactly(1, 2);
  }

  @Test
  void dimensionsAreReadOffTheShapes() {
    List<HfTensor> tensors =
        BertOnnxConverter.convert(OnnxGraph.parse(ByteBuffer.wrap(tinyExport(null, null))));
    BertDimensions d = BertOnnxConverter.dimensions(tensors, 2, 1e-12);
    assertThat(d).isEqualTo(new BertDimensions(5, H, 1, 2, I, 4, 2, 1e-12));
  }

  @Test
  void aMissingWeightIsNamed() {
    assertThatThrownBy(
            () -> convert(tinyExport("/encoder/layer.0/attention/self/value/MatMul", null)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("missing [encoder.layer.0.attention.self.value.weight]");
    assertThatThrownBy(() -> convert(tinyExport("encoder.layer.0.output.LayerNorm.weight", null)))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("encoder.layer.0.output.LayerNorm.weight");
  }

  @Test
  void aWeightFedToAnUnrecognisedNodeIsRejected() {
    assertThatThrownBy(
            () -> convert(tinyExport(null, "/encoder/layer.0/attention/self/key/MatMul")))
        .isInstanceOf(OnnxFormatException.class)
        .hasMessageContaining("feeds node '/Gemm_7'");
  }

  @Test
  void transposeSwapsRowsAndColumns() {
    assertThat(BertOnnxConverter.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
        .containsExactly(1, 4, 2, 5, 3, 6);
  }
}
