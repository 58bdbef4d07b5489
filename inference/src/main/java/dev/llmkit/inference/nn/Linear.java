package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * {@code torch.nn.Linear}: {@code y = x W^T + b} with {@code W} stored {@code (out, in)} as in
 * PyTorch checkpoints. Runs as one fused op ({@code torch.nn.functional.linear}), or, for a model's
 * layers in inference on the CPU, as oneDNN's linear on a weight packed once ({@link PackedWeight})
 * with the bias, an activation or a residual sum fused in. The result belongs to the input's
 * manager, never to the weights'.
 *
 * <p>With a {@link LoraDelta} (while LoRA adapters are trained) it is PEFT's {@code lora.Linear}:
 * {@code y = x W^T + b + scaling · B(A(dropout(x)))}, the base weights frozen.
 *
 * @param weight {@code (out, in)}
 * @param bias {@code (out)}, or {@code null} for none
 * @param lora a low-rank update run beside the weight, or {@code null} for none
 * @param packed where inference on the CPU keeps the weight packed for oneDNN, or {@code null} to
 *     always run PyTorch's {@code linear} (layers made per call)
 */
public record Linear(NDArray weight, NDArray bias, LoraDelta lora, PackedWeight packed) {

  /** A plain linear layer, run unpacked. */
  public Linear(NDArray weight, NDArray bias) {
    this(weight, bias, null, null);
  }

  /** A linear layer with a LoRA update, run unpacked. */
  public Linear(NDArray weight, NDArray bias, LoraDelta lora) {
    this(weight, bias, lora, null);
  }

  /** {@code (..., in)} → {@code (..., out)}. */
  public NDArray forward(NDArray x) {
    return forward(x, null, null);
  }

  /**
   * {@code activation(x W^T + b)}: one operator when the weight is packed, as ONNX Runtime fuses a
   * MatMul with its bias and GELU.
   */
  public NDArray forward(NDArray x, Activation activation) {
    return forward(x, activation, null);
  }

  /**
   * {@code x W^T + b + residual}, {@code residual} of the result's shape: one operator when packed.
   */
  public NDArray forwardPlus(NDArray x, NDArray residual) {
    return forward(x, null, residual);
  }

  private NDArray forward(NDArray x, Activation activation, NDArray residual) {
    NDArray y;
    if (lora == null) {
      y = packedForward(x, activation, residual);
      if (y != null) {
        return y; // the epilogue ran in the same operator
      }
      y = plain(x);
    } else {
      // LoRA's update joins before the epilogue: only the product may run packed
      y = packedForward(x, null, null);
      y = (y != null ? y : plain(x)).add(lora.forward(x));
    }
    if (residual != null) {
      y = y.add(residual);
    }
    return activation == null ? y : activation.apply(y);
  }

  /** The packed path with its epilogue, or {@code null} where it does not apply. */
  private NDArray packedForward(NDArray x, Activation activation, NDArray residual) {
    TorchKernels kernels = TorchKernels.forInference(x);
    TorchKernels.Packed w = packedFor(kernels);
    if (w == null) {
      return null;
    }
    NDArray y =
        residual != null
            ? kernels.linearAdd(x, w, bias, residual)
            : kernels.linear(x, w, bias, TorchKernels.Epilogue.of(activation));
    if (y == null) {
      packed.drop(); // the operator failed and the kernels are off: free the copy
    }
    return y;
  }

  /**
   * The weight packed for {@code kernels}, packed now if it is not yet, or {@code null} where the
   * product runs PyTorch's {@code linear}: no kernels, no packing, no bias, or a weight being
   * trained ({@link PackedWeight#packedFor}). A LoRA update runs beside it either way.
   */
  TorchKernels.Packed packedFor(TorchKernels kernels) {
    if (packed == null || bias == null) {
      return null; // the model families' layers all have a bias
    }
    return packed.packedFor(weight, bias, kernels);
  }

  /** PyTorch's {@code linear}. */
  private NDArray plain(NDArray x) {
    Shape shape = x.getShape();
    if (shape.dimension() <= 2) {
      return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
    // On a 2-D input PyTorch runs one addmm with the bias fused; on (B, T, C) it runs a matmul and
    // then adds the bias in a second pass over the output.
    NDArray flat = x.reshape(-1, shape.get(shape.dimension() - 1)); // (B*T, in)
    NDArray y = ai.djl.nn.core.Linear.linear(flat, weight, bias).singletonOrThrow();
    return y.reshape(shape.slice(0, shape.dimension() - 1).add(outFeatures()));
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
