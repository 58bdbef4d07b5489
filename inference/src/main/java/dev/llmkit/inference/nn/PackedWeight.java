package dev.llmkit.inference.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.List;

/**
 * The weight of a linear layer, or the stacked weights of layers that read the same input, packed
 * once into oneDNN's blocked layout for inference on the CPU.
 *
 * <p>PyTorch's {@code linear} re-packs its weight on every call; at batch 1 (a text of 32 tokens)
 * that traffic, not arithmetic, bounds an encoder: MiniLM's 36 linear layers took 9–10 ms unpacked
 * and 6 ms packed on this project's 2-core machine. ONNX Runtime packs its constant weights the
 * same way.
 *
 * <p>The copy is made on the first call that can use it and lives in the weights' manager. It is
 * used only where no gradient is recorded ({@link NoGrad}, as pipelines run), and only while the
 * weights and biases do not require gradient: weights change only while they are trained, and a
 * forward that sees them requiring gradient drops the copy, so the next inference packs the trained
 * values. Training, other devices and precisions run PyTorch's plain {@code linear}. {@code
 * -Dllmkit.packed-linear=false} turns the packing off (to compare both).
 */
public final class PackedWeight {

  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("llmkit.packed-linear", "true"));

  /**
   * @param weight the packed {@code (out, in)} weight (opaque layout)
   * @param bias {@code (out)}, or {@code null}
   * @param ownsBias whether {@code bias} was made here (stacked biases) and is freed with the copy
   */
  record Packed(NDArray weight, NDArray bias, boolean ownsBias) {}

  private Packed packed;

  /** An empty cache. */
  public PackedWeight() {}

  /**
   * The packed weight and bias for a call on {@code x}, packed now if they are not yet.
   *
   * @param weights {@code (out_i, in)} each, stacked along {@code out} when more than one
   * @param biases {@code (out_i)} each, or all {@code null}
   * @return {@code null} when the packed path does not apply: run PyTorch's {@code linear}
   */
  Packed packedFor(NDArray x, List<NDArray> weights, List<NDArray> biases, TorchKernels kernels) {
    NDArray first = weights.get(0);
    if (!ENABLED
        || kernels == null
        || !Device.Type.CPU.equals(first.getDevice().getDeviceType())
        || first.getDataType() != DataType.FLOAT32
        || x.getDataType() != DataType.FLOAT32) {
      return null;
    }
    for (int i = 0; i < weights.size(); i++) {
      NDArray bias = biases.get(i);
      if (weights.get(i).hasGradient() || bias != null && bias.hasGradient()) {
        drop(); // being trained: a copy made before is stale once the optimizer steps
        return null;
      }
    }
    if (NoGrad.recording()) {
      return null; // the packed operator has no backward
    }
    return packedFrom(kernels, weights, biases);
  }

  private synchronized Packed packedFrom(
      TorchKernels kernels, List<NDArray> weights, List<NDArray> biases) {
    if (packed == null) {
      if (weights.size() == 1) {
        packed = new Packed(kernels.pack(weights.get(0)), biases.get(0), false);
      } else {
        try (NDArray stacked = NDArrays.concat(new NDList(weights), 0)) { // (sum out_i, in)
          NDArray bias = biases.get(0) == null ? null : NDArrays.concat(new NDList(biases), 0);
          packed = new Packed(kernels.pack(stacked), bias, bias != null);
        }
      }
    }
    return packed;
  }

  /** Frees the packed copy, if any (after a failure, or when the weights are trained). */
  synchronized void drop() {
    if (packed != null) {
      packed.weight().close();
      if (packed.ownsBias()) {
        packed.bias().close();
      }
      packed = null;
    }
  }

  /** Whether a packed copy is held now. */
  synchronized boolean isPacked() {
    return packed != null;
  }
}
