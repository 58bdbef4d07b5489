package dev.llmkit.inference.nn;

import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.ArrayList;
import java.util.List;

/**
 * Linear layers that read the same input, such as an attention block's query, key and value
 * projections: in inference on the CPU they run as one product on their stacked, packed weights
 * (the fused QKV projection of ONNX Runtime's attention), elsewhere each runs on its own. The
 * layers keep their own weights, names and LoRA updates; only the packed copy is shared.
 *
 * @param parts the layers, in output order
 * @param packed the stacked weights' packed copy, or {@code null} when the parts cannot share one
 */
public record LinearGroup(List<Linear> parts, PackedWeight packed) {

  public LinearGroup {
    parts = List.copyOf(parts);
  }

  /**
   * Groups layers of one input size. They share a packed copy when all are a model's packable
   * layers without LoRA updates and either all or none have a bias.
   */
  public static LinearGroup of(Linear... parts) {
    boolean stackable = true;
    for (Linear p : parts) {
      stackable &=
          p.packed() != null
              && p.lora() == null
              && p.inFeatures() == parts[0].inFeatures()
              && (p.bias() == null) == (parts[0].bias() == null);
    }
    return new LinearGroup(List.of(parts), stackable ? new PackedWeight() : null);
  }

  /**
   * @param x {@code (..., in)}
   * @return one {@code (..., out_i)} per part, in order
   */
  public NDList forward(NDArray x) {
    NDList fused = fused(x);
    if (fused != null) {
      return fused;
    }
    NDList out = new NDList(parts.size());
    for (Linear p : parts) {
      out.add(p.forward(x));
    }
    return out;
  }

  private NDList fused(NDArray x) {
    if (packed == null) {
      return null;
    }
    List<NDArray> weights = new ArrayList<>(parts.size());
    List<NDArray> biases = new ArrayList<>(parts.size());
    for (Linear p : parts) {
      weights.add(p.weight());
      biases.add(p.bias());
    }
    TorchKernels kernels = TorchKernels.get();
    PackedWeight.Packed w = packed.packedFor(x, weights, biases, kernels);
    if (w == null) {
      return null;
    }
    NDArray y;
    try {
      y = kernels.linear(x, w.weight(), w.bias(), "none", "none"); // (..., sum out_i)
    } catch (EngineException e) {
      TorchKernels.disable(e);
      packed.drop();
      return null;
    }
    long[] splits = new long[parts.size() - 1];
    long at = 0;
    for (int i = 0; i < splits.length; i++) {
      at += parts.get(i).outFeatures();
      splits[i] = at;
    }
    return y.split(splits, y.getShape().dimension() - 1);
  }
}
