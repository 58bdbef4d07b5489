package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.LayerNorm} over the last dimension.
 *
 * @param weight gamma {@code (C)}
 * @param bias beta {@code (C)}
 * @param eps added to the variance
 */
public record LayerNorm(NDArray weight, NDArray bias, float eps) {

  /** {@code (..., C)} → {@code (..., C)}; the result belongs to the input's manager. */
  public NDArray forward(NDArray x) {
    return ai.djl.nn.norm.LayerNorm.layerNorm(
            x, new Shape(weight.getShape().get(0)), weight, bias, eps)
        .singletonOrThrow();
  }
}
