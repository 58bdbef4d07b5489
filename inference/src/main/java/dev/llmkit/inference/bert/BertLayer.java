package dev.llmkit.inference.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.nn.LinearGroup;

/**
 * One post-norm transformer block of BERT ({@code BertLayer}: self-attention, add and norm,
 * feed-forward, add and norm).
 */
record BertLayer(
    Linear query,
    Linear key,
    Linear value,
    LinearGroup queryKeyValue,
    Linear attentionOutput,
    LayerNorm attentionNorm,
    Linear intermediate,
    Linear output,
    LayerNorm outputNorm,
    int heads,
    Activation activation) {

  /** Weight names of layer {@code i}, as in {@code modeling_bert.py}. */
  static BertLayer bind(CheckpointBinder b, BertConfig c, int i) {
    String p = "encoder.layer." + i + ".";
    int h = c.hiddenSize();
    Linear query = b.linear(p + "attention.self.query", h, h);
    Linear key = b.linear(p + "attention.self.key", h, h);
    Linear value = b.linear(p + "attention.self.value", h, h);
    return new BertLayer(
        query,
        key,
        value,
        LinearGroup.of(query, key, value),
        b.linear(p + "attention.output.dense", h, h),
        b.layerNorm(p + "attention.output.LayerNorm", h, c.layerNormEps()),
        b.linear(p + "intermediate.dense", h, c.intermediateSize()),
        b.linear(p + "output.dense", c.intermediateSize(), h),
        b.layerNorm(p + "output.LayerNorm", h, c.layerNormEps()),
        c.numAttentionHeads(),
        c.hiddenAct());
  }

  /**
   * @param x {@code (B, T, C)}
   * @param mask additive {@code (B, 1, 1, T)}
   * @return {@code (B, T, C)}
   */
  NDArray forward(NDArray x, NDArray mask) {
    NDList qkv = queryKeyValue.forward(x); // 3 × (B, T, C)
    NDArray context = Attention.multiHead(qkv.get(0), qkv.get(1), qkv.get(2), heads, mask);
    NDArray attended = attentionNorm.forward(attentionOutput.forwardPlus(context, x));
    NDArray hidden = intermediate.forward(attended, activation); // (B, T, I)
    return outputNorm.forward(output.forwardPlus(hidden, attended));
  }
}
