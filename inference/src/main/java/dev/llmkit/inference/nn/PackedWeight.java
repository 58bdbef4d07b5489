package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.slf4j.LoggerFactory;

/**
 * The weight of a linear layer, packed once into oneDNN's blocked layout for inference on the CPU.
 *
 * <p>PyTorch's {@code linear} re-packs its weight on every call; at batch 1 (a text of 32 tokens)
 * that traffic, not arithmetic, bounds an encoder: MiniLM's 36 linear layers took 9–10 ms unpacked
 * and 6 ms packed on this project's 2-core machine. ONNX Runtime packs its constant weights the
 * same way.
 *
 * <p>The copy is made on the first call that can use it and lives in the weight's manager. It is
 * used only where no gradient is recorded ({@link NoGrad}, as pipelines run), and only while the
 * weight and bias do not require gradient: weights change only while they are trained, and a
 * forward that sees them requiring gradient drops the copy, so the next inference packs the trained
 * values. Weights written in place by other means (a checkpoint restored into a model that already
 * ran inference, with no training step after it) are not noticed: load such a model afresh.
 * Training, other devices and precisions run PyTorch's plain {@code linear}. {@code
 * -Dllmkit.packed-linear=false} turns the packing off (to compare both).
 *
 * <p>The copy is float32 by default. A {@link #bfloat16()} copy halves the weight's memory traffic
 * and runs the products on the CPU's bfloat16 instructions (AVX-512 BF16, AMX): about 1.5× faster
 * on this project's machine, at bfloat16's precision (8 significant bits) for the product's inputs.
 * An {@link #int8()} copy quantizes the weight per output channel and each input per call, as
 * PyTorch's dynamic quantization: about 3× faster here (AVX-512 VNNI), and coarser again.
 */
public final class PackedWeight {

  private static final boolean ENABLED =
      Boolean.parseBoolean(System.getProperty("llmkit.packed-linear", "true"));

  private static volatile boolean warnedReducedOff;

  private final TorchKernels.Format format;
  private TorchKernels.Packed packed;

  /** An empty float32 cache for one linear layer's weight. */
  public PackedWeight() {
    this(TorchKernels.Format.FLOAT32);
  }

  private PackedWeight(TorchKernels.Format format) {
    this.format = format;
  }

  /**
   * An empty cache that packs the weight as bfloat16 (see the class comment). Where the packed path
   * does not run (switched off, training, another device) the layer computes in float32.
   */
  public static PackedWeight bfloat16() {
    return reduced(TorchKernels.Format.BFLOAT16);
  }

  /**
   * An empty cache that quantizes the weight to int8 as PyTorch's dynamic quantization does (see
   * the class comment). Where the packed path does not run the layer computes in float32.
   */
  public static PackedWeight int8() {
    return reduced(TorchKernels.Format.INT8);
  }

  private static PackedWeight reduced(TorchKernels.Format format) {
    if (!ENABLED && !warnedReducedOff) {
      warnedReducedOff = true;
      LoggerFactory.getLogger(PackedWeight.class)
          .warn(
              "{} linear layers need the packed path: -Dllmkit.packed-linear=false runs them in"
                  + " float32",
              format.name().toLowerCase(java.util.Locale.ROOT));
    }
    return new PackedWeight(format);
  }

  /**
   * The packed weight, packed now if it is not yet.
   *
   * @param kernels from {@link TorchKernels#forInference}, {@code null} where they do not apply
   * @return {@code null} when the packed path does not apply: run PyTorch's {@code linear}
   */
  TorchKernels.Packed packedFor(NDArray weight, NDArray bias, TorchKernels kernels) {
    if (!ENABLED || weight.getDataType() != DataType.FLOAT32) {
      return null;
    }
    if (weight.hasGradient() || bias != null && bias.hasGradient()) {
      drop(); // being trained: a copy made before is stale once the optimizer steps
      return null;
    }
    return kernels == null ? null : packedFrom(kernels, weight, bias);
  }

  private synchronized TorchKernels.Packed packedFrom(
      TorchKernels kernels, NDArray weight, NDArray bias) {
    if (packed == null) {
      // null if the operator failed: the kernels are then off
      packed = kernels.pack(weight, bias, format);
    }
    return packed;
  }

  /** Frees the packed copy, if any (after a failure, or when the weight is trained). */
  synchronized void drop() {
    if (packed != null) {
      packed.close();
      packed = null;
    }
  }

  /** Whether a packed copy is held now. */
  synchronized boolean isPacked() {
    return packed != null;
  }
}
