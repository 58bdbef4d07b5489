package dev.llmkit.inference.bert;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;

/**
 * One post-norm transformer block of BERT ({@code BertLayer}: self-attention, add and norm,
 * feed-forward, add and norm).
 */
record BertLayer(
    Linear query,
    Linear key,
    Linear value,
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
    return new BertLayer(
        b.linear(p + "attention.self.query", h, h),
        b.linear(p + "attention.self.key", h, h),
        b.linear(p + "attention.self.value", h, h),
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
    NDArray context =
        Attention.multiHead(query.forward(x), key.forward(x), value.forward(x), heads, mask);
    NDArray attended = attentionNorm.forward(attentionOutput.forwardPlus(context, x));
    NDArray hidden = intermediate.forward(attended, activation); // (B, T, I)
    return outputNorm.forward(output.forwardPlus(hidden, attended));
  }
}
