package dev.llmkit.inference.bert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.tfcheckpoint.BundleEntry;
import dev.llmkit.inference.tfcheckpoint.TensorBundle;
import dev.llmkit.inference.tfcheckpoint.TfCheckpointException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google's original BERT TensorFlow checkpoint in Hugging Face form: the tensor names and layouts
 * transformers' <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/bert/modeling_bert.py#L80">load_tf_weights_in_bert</a>
 * produces, so that the result is the {@code BertForMaskedLM} checkpoint of the Hub.
 *
 * <ul>
 *   <li>{@code [module/]bert/...} and {@code [module/]cls/...}: path segments joined with dots,
 *       {@code layer_N} → {@code layer.N};
 *   <li>{@code *_embeddings} tables → {@code *_embeddings.weight};
 *   <li>{@code kernel} → {@code weight}, transposed from TensorFlow's {@code [in, out]} to
 *       PyTorch's {@code [out, in]}; {@code gamma}/{@code beta} → {@code weight}/{@code bias};
 *       {@code output_weights}/{@code output_bias} → {@code weight}/{@code bias};
 *   <li>{@code cls/predictions/output_bias} → {@code cls.predictions.bias} (the decoder's weight is
 *       tied to the word embeddings, as in transformers);
 *   <li>optimizer slots ({@code adam_m}, {@code adam_v}) and {@code global_step} are skipped.
 * </ul>
 */
public final class BertTfCheckpoint {

  private static final Pattern LAYER = Pattern.compile("layer_(\\d+)");
  private static final Pattern HF_LAYER = Pattern.compile("\\.layer\\.(\\d+)\\.");

  private BertTfCheckpoint() {}

  /**
   * The Hugging Face name of a TensorFlow variable, or {@code null} for variables transformers
   * skips.
   */
  public static String huggingFaceName(String tfName) {
    String name = tfName.startsWith("module/") ? tfName.substring("module/".length()) : tfName;
    if (!(name.startsWith("bert/") || name.startsWith("cls/"))
        || name.contains("adam_m")
        || name.contains("adam_v")
        || name.contains("AdamWeightDecayOptimizer")
        || name.contains("global_step")) {
      return null;
    }
    if (name.equals("cls/predictions/output_bias")) {
      return "cls.predictions.bias";
    }
    List<String> parts = new ArrayList<>();
    for (String segment : name.split("/")) {
      Matcher m = LAYER.matcher(segment);
      parts.add(
          switch (segment) {
            case "kernel", "gamma", "output_weights" -> "weight";
            case "beta", "output_bias" -> "bias";
            default -> m.matches() ? "layer." + m.group(1) : segment;
          });
    }
    // An embedding table is the module itself in TF; in PyTorch it is the module's .weight.
    if (parts.get(parts.size() - 1).endsWith("_embeddings")) {
      parts.add("weight");
    }
    return String.join(".", parts);
  }

  /** Whether a variable is a dense kernel, stored {@code [in, out]}. */
  static boolean isKernel(String tfName) {
    return tfName.endsWith("/kernel");
  }

  /**
   * Writes the checkpoint as {@code model.safetensors} (float32) in Hugging Face layout.
   *
   * @return the {@code config.json} of the model, derived from the tensors' shapes
   * @param numAttentionHeads not visible in any weight: from the model's name ({@code A-12})
   * @throws TfCheckpointException if a tensor is corrupt or the layout is not BERT's
   */
  public static ObjectNode convert(TensorBundle bundle, int numAttentionHeads, Path safetensors) {
    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    int layers = 0;
    for (Map.Entry<String, BundleEntry> e : bundle.entries().entrySet()) {
      String hf = huggingFaceName(e.getKey());
      if (hf == null) {
        continue;
      }
      long[] shape = e.getValue().shape();
      float[] data = bundle.readFloats(e.getKey());
      if (isKernel(e.getKey())) {
        if (shape.length != 2) {
          throw new TfCheckpointException(e.getKey() + " is a kernel of rank " + shape.length);
        }
        data = transpose(data, (int) shape[0], (int) shape[1]);
        shape = new long[] {shape[1], shape[0]};
      }
      writer.addFloats(hf, data, shape);
      Matcher m = HF_LAYER.matcher(hf);
      if (m.find()) {
        layers = Math.max(layers, Integer.parseInt(m.group(1)) + 1);
      }
    }
    long[] words = shapeOf(bundle, "bert/embeddings/word_embeddings");
    long[] positions = shapeOf(bundle, "bert/embeddings/position_embeddings");
    long[] types = shapeOf(bundle, "bert/embeddings/token_type_embeddings");
    long[] intermediate = shapeOf(bundle, "bert/encoder/layer_0/intermediate/dense/kernel");
    writer.write(safetensors);
    return configJson(
        (int) words[0],
        (int) words[1],
        layers,
        numAttentionHeads,
        (int) intermediate[1],
        (int) positions[0],
        (int) types[0],
        bundle.entries().keySet().stream().anyMatch(n -> n.contains("cls/predictions")));
  }

  /** transformers' {@code BertConfig} for these dimensions, as the Hub's bert-base-cased has it. */
  static ObjectNode configJson(
      int vocab,
      int hidden,
      int layers,
      int heads,
      int intermediate,
      int positions,
      int typeVocab,
      boolean maskedLm) {
    ObjectNode c = new ObjectMapper().createObjectNode();
    c.putArray("architectures").add(maskedLm ? "BertForMaskedLM" : "BertModel");
    c.put("attention_probs_dropout_prob", 0.1);
    c.put("hidden_act", "gelu");
    c.put("hidden_dropout_prob", 0.1);
    c.put("hidden_size", hidden);
    c.put("initializer_range", 0.02);
    c.put("intermediate_size", intermediate);
    c.put("layer_norm_eps", 1e-12);
    c.put("max_position_embeddings", positions);
    c.put("model_type", "bert");
    c.put("num_attention_heads", heads);
    c.put("num_hidden_layers", layers);
    c.put("pad_token_id", 0);
    c.put("position_embedding_type", "absolute");
    c.put("type_vocab_size", typeVocab);
    c.put("vocab_size", vocab);
    return c;
  }

  private static long[] shapeOf(TensorBundle bundle, String name) {
    BundleEntry e = bundle.entries().get("module/" + name);
    if (e == null) {
      e = bundle.entries().get(name);
    }
    if (e == null || e.shape().length != 2) {
      throw new TfCheckpointException("not a BERT checkpoint: no 2-D " + name);
    }
    return e.shape();
  }

  static float[] transpose(float[] data, int rows, int cols) {
    float[] out = new float[data.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        out[c * rows + r] = data[r * cols + c];
      }
    }
    return out;
  }
}
