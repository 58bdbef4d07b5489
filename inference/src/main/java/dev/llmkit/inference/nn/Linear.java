package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b} with {@code W} stored {@code (out, in)} as in
 * PyTorch checkpoints. Runs as one fused op ({@code torch.nn.functional.linear}); the result
 * belongs to the input's manager, never to the weights'.
 *
 * <p>With a {@link LoraDelta} (while LoRA adapters are trained) it is PEFT's {@code lora.Linear}:
 * {@code y = x W^T + b + scaling · B(A(dropout(x)))}, the base weights frozen.
 *
 * @param weight {@code (out, in)}
 * @param bias {@code (out)}, or {@code null} for none
 * @param lora a low-rank update run beside the weight, or {@code null} for none
 */
public record Linear(NDArray weight, NDArray bias, LoraDelta lora) {

  /** A plain linear layer. */
  public Linear(NDArray weight, NDArray bias) {
    this(weight, bias, null);
  }

  /** {@code (..., in)} → {@code (..., out)}. */
  public NDArray forward(NDArray x) {
    Shape shape = x.getShape();
    if (shape.dimension() <= 2) {
      return apply(x);
    }
    // On a 2-D input PyTorch runs one addmm with the bias fused; on (B, T, C) it runs a matmul and
    // then adds the bias in a second pass over the output.
    long out = outFeatures();
    NDArray y = apply(x.reshape(-1, shape.get(shape.dimension() - 1))); // (B*T, out)
    return y.reshape(shape.slice(0, shape.dimension() - 1).add(out));
  }

  private NDArray apply(NDArray x) {
    NDArray y = ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    return lora == null ? y : y.add(lora.forward(x));
  }

  /** Input features. */
  public long inFeatures() {
    return weight.getShape().get(1);
  }

  /** Output features. */
  public long outFeatures() {
    return weight.getShape().get(0);
  }
}
