package dev.llmkit.inference.distilbert;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;

/** DistilBERT's {@code TransformerBlock}: attention, add and norm, FFN, add and norm. */
record DistilBertLayer(
    Linear qLin,
    Linear kLin,
    Linear vLin,
    Linear outLin,
    LayerNorm saLayerNorm,
    Linear lin1,
    Linear lin2,
    LayerNorm outputLayerNorm,
    int heads,
    Activation activation) {

  /** Weight names of layer {@code i}, as in {@code modeling_distilbert.py}. */
  static DistilBertLayer bind(CheckpointBinder b, DistilBertConfig c, int i) {
    String p = "transformer.layer." + i + ".";
    int d = c.dim();
    float eps = DistilBertConfig.LAYER_NORM_EPS;
    return new DistilBertLayer(
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

  /**
   * @param x {@code (B, T, C)}
   * @param mask additive {@code (B, 1, 1, T)}
   * @return {@code (B, T, C)}
   */
  NDArray forward(NDArray x, NDArray mask) {
    NDArray context =
        Attention.multiHead(qLin.forward(x), kLin.forward(x), vLin.forward(x), heads, mask);
    NDArray sa = saLayerNorm.forward(outLin.forwardPlus(context, x));
    NDArray hidden = lin1.forward(sa, activation); // (B, T, hidden_dim)
    return outputLayerNorm.forward(lin2.forwardPlus(hidden, sa));
  }
}
