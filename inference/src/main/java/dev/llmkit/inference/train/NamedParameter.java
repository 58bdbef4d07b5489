package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;

/**
 * A trainable weight.
 *
 * @param name stable name, the key in checkpoints (for example {@code
 *     encoder.layer.0.output.dense.weight})
 * @param array the weight itself, updated in place
 * @param weightDecay whether AdamW decays it (Hugging Face exempts biases and LayerNorm weights)
 */
public record NamedParameter(String name, NDArray array, boolean weightDecay) {

  /**
   * A parameter decayed unless its name marks it as a bias or a LayerNorm weight, the rule of the
   * Hugging Face {@code Trainer}.
   */
  public static NamedParameter of(String name, NDArray array) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    boolean exempt =
        n.endsWith("bias")
            || n.contains("layernorm")
            || n.contains("layer_norm")
            || n.contains(".ln_")
            || n.startsWith("ln_");
    return new NamedParameter(name, array, !exempt);
  }
}
