package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.norm.Dropout;

/**
 * The low-rank update of one LoRA-adapted linear layer (<a
 * href="https://github.com/huggingface/peft/blob/v0.13.0/src/peft/tuners/lora/layer.py">peft/tuners/lora/layer.py</a>):
 * {@code scaling · B(A(dropout(x)))} with {@code scaling = lora_alpha / r}.
 *
 * <p>Dropout applies only while the adapter is being trained (its weights require a gradient), the
 * way {@code nn.Dropout} follows {@code model.train()}.
 *
 * @param a {@code lora_A}: {@code (r, in)}
 * @param b {@code lora_B}: {@code (out, r)}
 * @param scaling a scalar array {@code lora_alpha / r}, owned with the weights (a Java number on
 *     the autograd path would be freed before backward, see the DJL pitfalls note)
 * @param dropout {@code lora_dropout} probability
 */
public record LoraDelta(NDArray a, NDArray b, NDArray scaling, float dropout) {

  /** {@code (..., in)} → {@code (..., out)} in the input's manager. */
  public NDArray forward(NDArray x) {
    NDArray in =
        dropout > 0 && a.hasGradient() ? Dropout.dropout(x, dropout, true).singletonOrThrow() : x;
    NDArray down = ai.djl.nn.core.Linear.linear(in, a).singletonOrThrow(); // (..., r)
    return ai.djl.nn.core.Linear.linear(down, b).singletonOrThrow().mul(scaling);
  }
}
