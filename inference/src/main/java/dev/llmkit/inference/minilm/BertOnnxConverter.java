package dev.llmkit.inference.minilm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renames the initializers of a {@code torch.onnx.export}ed {@code BertModel} back to the Hugging
 * Face parameter names of <a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/modeling_bert.py">modeling_bert.py</a>.
 *
 * <p>Embeddings, biases and LayerNorms keep their names in the export. The linear weights do not:
 * the exporter folds {@code x @ W.T} into a {@code MatMul} whose second input is the transposed
 * weight {@code [in, out]}, renamed {@code onnx::MatMul_787}. The only trace of the original name
 * is the consuming node's name, {@code /encoder/layer.0/attention/self/query/MatMul}, which maps to
 * {@code encoder.layer.0.attention.self.query.weight}; the data is transposed back to {@code [out,
 * in]}.
 */
public final class BertOnnxConverter {

  private static final Logger LOG = LoggerFactory.getLogger(BertOnnxConverter.class);
  private static final Pattern MATMUL_NODE =
      Pattern.compile("/((?:[A-Za-z0-9_.]+/)*[A-Za-z0-9_.]+)/MatMul");
  private static final Pattern LAYER = Pattern.compile("encoder\\.layer\\.(\\d+)\\..*");

  /** The per-layer parameter names of a BERT encoder block, after {@code encoder.layer.N.}. */
  static final List<String> LAYER_PARAMETERS =
      List.of(
          "attention.self.query.weight",
          "attention.self.query.bias",
          "attention.self.key.weight",
          "attention.self.key.bias",
          "attention.self.value.weight",
          "attention.self.value.bias",
          "attention.output.dense.weight",
          "attention.output.dense.bias",
          "attention.output.LayerNorm.weight",
          "attention.output.LayerNorm.bias",
          "intermediate.dense.weight",
          "intermediate.dense.bias",
          "output.dense.weight",
          "output.dense.bias",
          "output.LayerNorm.weight",
          "output.LayerNorm.bias");

  static final List<String> EMBEDDING_PARAMETERS =
      List.of(
          "embeddings.word_embeddings.weight",
          "embeddings.position_embeddings.weight",
          "embeddings.token_type_embeddings.weight",
          "embeddings.LayerNorm.weight",
          "embeddings.LayerNorm.bias");

  private static final Set<String> OPTIONAL_PARAMETERS =
      Set.of("pooler.dense.weight", "pooler.dense.bias");

  private BertOnnxConverter() {}

  /**
   * Converts the graph's float initializers to Hugging Face tensors and checks that they form a
   * complete BERT encoder with consistent shapes.
   *
   * @param graph a parsed ONNX export of {@code BertModel}
   * @return the tensors under HF names, in the ONNX file's order
   * @throws OnnxFormatException naming the tensor or node that does not fit
   */
  public static List<HfTensor> convert(OnnxGraph graph) {
    Map<String, List<OnnxGraph.Node>> consumers = new LinkedHashMap<>();
    for (OnnxGraph.Node node : graph.nodes()) {
      for (String input : node.inputs()) {
        if (graph.initializers().containsKey(input)) {
          consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        }
      }
    }
    Map<String, HfTensor> out = new LinkedHashMap<>();
    int renamed = 0;
    for (OnnxGraph.Tensor t : graph.initializers().values()) {
      if (t.dataType() != OnnxGraph.FLOAT) {
        LOG.debug("skipping non-float initializer {}", t);
        continue;
      }
      HfTensor converted;
      if (t.name().startsWith("onnx::")) {
        converted = renameMatMulWeight(t, consumers.getOrDefault(t.name(), List.of()));
        renamed++;
      } else {
        converted = new HfTensor(t.name(), t.dims(), t.toFloats());
      }
      if (out.put(converted.name(), converted) != null) {
        throw new OnnxFormatException("two initializers map to " + converted.name());
      }
    }
    BertDimensions dims = dimensions(List.copyOf(out.values()), 1, 1e-12);
    checkComplete(out, dims);
    LOG.debug("converted {} tensors ({} MatMul weights renamed)", out.size(), renamed);
    return List.copyOf(out.values());
  }

  /**
   * Reads the sizes of a converted encoder off its weight shapes.
   *
   * @param tensors HF-named tensors
   * @param numAttentionHeads the head count (not visible in any weight)
   * @param layerNormEps LayerNorm epsilon
   * @return the dimensions
   */
  public static BertDimensions dimensions(
      List<HfTensor> tensors, int numAttentionHeads, double layerNormEps) {
    Map<String, HfTensor> byName = new LinkedHashMap<>();
    tensors.forEach(t -> byName.put(t.name(), t));
    long[] words = shape(byName, "embeddings.word_embeddings.weight", 2);
    long[] positions = shape(byName, "embeddings.position_embeddings.weight", 2);
    long[] types = shape(byName, "embeddings.token_type_embeddings.weight", 2);
    long[] intermediate = shape(byName, "encoder.layer.0.intermediate.dense.weight", 2);
    Set<Integer> layers = new TreeSet<>();
    for (String name : byName.keySet()) {
      Matcher m = LAYER.matcher(name);
      if (m.matches()) {
        layers.add(Integer.parseInt(m.group(1)));
      }
    }
    return new BertDimensions(
        Math.toIntExact(words[0]),
        Math.toIntExact(words[1]),
        layers.size(),
        numAttentionHeads,
        Math.toIntExact(intermediate[0]),
        Math.toIntExact(positions[0]),
        Math.toIntExact(types[0]),
        layerNormEps);
  }

  private static HfTensor renameMatMulWeight(OnnxGraph.Tensor t, List<OnnxGraph.Node> users) {
    if (users.size() != 1) {
      throw new OnnxFormatException(
          "initializer "
              + t.name()
              + " is used by "
              + users.size()
              + " nodes, expected one MatMul");
    }
    OnnxGraph.Node node = users.get(0);
    Matcher m = MATMUL_NODE.matcher(node.name());
    if (!node.opType().equals("MatMul")
        || node.inputs().size() != 2
        || !node.inputs().get(1).equals(t.name())
        || !m.matches()) {
      throw new OnnxFormatException(
          "initializer "
              + t.name()
              + " feeds node '"
              + node.name()
              + "' ("
              + node.opType()
              + "), expected the weight input of a node named /<module path>/MatMul");
    }
    if (t.dims().length != 2) {
      throw new OnnxFormatException(
          "MatMul weight " + t.name() + " has dims " + Arrays.toString(t.dims()) + ", expected 2");
    }
    String name = m.group(1).replace('/', '.') + ".weight";
    int in = Math.toIntExact(t.dims()[0]);
    int outDim = Math.toIntExact(t.dims()[1]);
    return new HfTensor(name, new long[] {outDim, in}, transpose(t.toFloats(), in, outDim));
  }

  /** {@code (rows, cols)} row-major to {@code (cols, rows)} row-major. */
  static float[] transpose(float[] a, int rows, int cols) {
    float[] t = new float[a.length];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[base + c];
      }
    }
    return t;
  }

  private static void checkComplete(Map<String, HfTensor> tensors, BertDimensions d) {
    long h = d.hiddenSize();
    long i = d.intermediateSize();
    Map<String, long[]> expected = new LinkedHashMap<>();
    expected.put("embeddings.word_embeddings.weight", new long[] {d.vocabSize(), h});
    expected.put(
        "embeddings.position_embeddings.weight", new long[] {d.maxPositionEmbeddings(), h});
    expected.put("embeddings.token_type_embeddings.weight", new long[] {d.typeVocabSize(), h});
    expected.put("embeddings.LayerNorm.weight", new long[] {h});
    expected.put("embeddings.LayerNorm.bias", new long[] {h});
    for (int l = 0; l < d.numHiddenLayers(); l++) {
      for (String p : LAYER_PARAMETERS) {
        long[] shape;
        if (p.equals("intermediate.dense.weight")) {
          shape = new long[] {i, h};
        } else if (p.equals("intermediate.dense.bias")) {
          shape = new long[] {i};
        } else if (p.equals("output.dense.weight")) {
          shape = new long[] {h, i};
        } else if (p.endsWith(".weight") && !p.contains("LayerNorm")) {
          shape = new long[] {h, h};
        } else {
          shape = new long[] {h};
        }
        expected.put("encoder.layer." + l + "." + p, shape);
      }
    }
    Set<String> missing = new LinkedHashSet<>(expected.keySet());
    missing.removeAll(tensors.keySet());
    Set<String> unexpected = new LinkedHashSet<>(tensors.keySet());
    unexpected.removeAll(expected.keySet());
    unexpected.removeAll(OPTIONAL_PARAMETERS);
    if (!missing.isEmpty() || !unexpected.isEmpty()) {
      throw new OnnxFormatException(
          "not a complete BERT encoder: missing " + missing + ", unexpected " + unexpected);
    }
    expected.forEach(
        (name, shape) -> {
          if (!Arrays.equals(tensors.get(name).shape(), shape)) {
            throw new OnnxFormatException(
                name
                    + " has shape "
                    + Arrays.toString(tensors.get(name).shape())
                    + ", expected "
                    + Arrays.toString(shape));
          }
        });
  }

  private static long[] shape(Map<String, HfTensor> byName, String name, int rank) {
    HfTensor t = byName.get(name);
    if (t == null) {
      throw new OnnxFormatException("not a BERT encoder: no " + name);
    }
    if (t.shape().length != rank) {
      throw new OnnxFormatException(name + " has rank " + t.shape().length + ", expected " + rank);
    }
    return t.shape();
  }
}
