package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b} with {@code W} stored {@code (out, in)} as in
 * PyTorch checkpoints. Runs as one fused op ({@code torch.nn.functional.linear}); the result
 * belongs to the input's manager, never to the weights'.
 *
 * @param weight {@code (out, in)}
 * @param bias {@code (out)}, or {@code null} for none
 */
public record Linear(NDArray weight, NDArray bias) {

  /** {@code (..., in)} → {@code (..., out)}. */
  public NDArray forward(NDArray x) {
    return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
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
