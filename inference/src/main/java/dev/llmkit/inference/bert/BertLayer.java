package dev.llmkit.inference.bert;

import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.nn.PostNormBlock;

/** One transformer block of BERT ({@code BertLayer}), bound under its weight names. */
final class BertLayer {

  private BertLayer() {}

  /** Weight names of layer {@code i}, as in {@code modeling_bert.py}. */
  static PostNormBlock bind(CheckpointBinder b, BertConfig c, int i) {
    String p = "encoder.layer." + i + ".";
    int h = c.hiddenSize();
    return new PostNormBlock(
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
}
