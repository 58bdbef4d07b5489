package dev.llmkit.inference.distilbert;

import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.nn.PostNormBlock;

/** DistilBERT's {@code TransformerBlock}, bound under its weight names. */
final class DistilBertLayer {

  private DistilBertLayer() {}

  /** Weight names of layer {@code i}, as in {@code modeling_distilbert.py}. */
  static PostNormBlock bind(CheckpointBinder b, DistilBertConfig c, int i) {
    String p = "transformer.layer." + i + ".";
    int d = c.dim();
    float eps = DistilBertConfig.LAYER_NORM_EPS;
    return new PostNormBlock(
        b.linear(p + "attention.q_lin", d, d),
        b.linear(p + "attention.k_lin", d, d),
        b.linear(p + "attention.v_lin", d, d),
        b.linear(p + "attention.out_lin", d, d),
        b.layerNorm(p + "sa_layer_norm", d, eps),
        b.linear(p + "ffn.lin1", d, c.hiddenDim()),
        b.linear(p + "ffn.lin2", c.hiddenDim(), d),
        b.layerNorm(p + "output_layer_norm", d, eps),
        c.nHeads(),
        c.activation());
  }
}
