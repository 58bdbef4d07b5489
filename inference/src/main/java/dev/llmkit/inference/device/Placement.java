package dev.llmkit.inference.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where and in which precision a model runs: the resolved device plus the dtype policy.
 *
 * <pre>{@code
 * ThreadSettings.builder().numThreads(4).build().apply(); // before the engine starts
 * Placement placement = Placement.resolve(DeviceSpec.parse("auto"), Precision.FLOAT32);
 * try (NDManager base = NDManager.newBaseManager(placement.device());
 *     Encoder encoder = EncoderModels.loadEncoder(dir, base, placement.precision().dataType())) {
 *   ...
 * }
 * }</pre>
 *
 * @param device the DJL device (CPU or one GPU)
 * @param precision float32; float16 on a GPU only; bfloat16 on a CPU with bfloat16 instructions
 *     only
 */
public record Placement(Device device, Precision precision) {

  private static final Logger LOG = LoggerFactory.getLogger(Placement.class);

  /**
   * Checks the dtype policy: fp16 is refused on the CPU, bf16 and int8 on a GPU, bf16 on a CPU
   * without bfloat16 instructions, int8 on one without AVX2.
   */
  public Placement {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(precision, "precision");
    if (precision == Precision.FLOAT16 && !device.isGpu()) {
      throw new DeviceException(
          "dtype float16 is only supported on CUDA devices, but the model would run on "
              + device
              + " (fp16 matrix products on CPU are 50-100x slower than fp32); use float32 on CPU");
    }
    if (precision == Precision.BFLOAT16) {
      checkBfloat16(device, CpuFeatures.host());
    }
    if (precision == Precision.INT8) {
      checkInt8(device, CpuFeatures.host());
    }
  }

  /** Refuses int8 where PyTorch has no quantized kernel for it (FBGEMM needs AVX2). */
  static void checkInt8(Device device, CpuFeatures cpu) {
    if (device.isGpu()) {
      throw new DeviceException(
          "dtype int8 (dynamic quantization) runs on the CPU only; use float16 on " + device);
    }
    if (!cpu.int8()) {
      throw new DeviceException(
          "dtype int8 needs an x86 CPU with AVX2 (PyTorch's FBGEMM kernels); use float32");
    }
  }

  /** Refuses bfloat16 where llmkit has no fast path for it. */
  static void checkBfloat16(Device device, CpuFeatures cpu) {
    if (device.isGpu()) {
      throw new DeviceException(
          "dtype bfloat16 runs on the CPU only (DJL's PyTorch engine cannot hold bfloat16"
              + " arrays); use float16 on "
              + device);
    }
    if (!cpu.bfloat16()) {
      throw new DeviceException(
          "dtype bfloat16 needs a CPU with AVX-512 BF16 or AMX (without them oneDNN emulates"
              + " bfloat16, slower than float32); use float32");
    }
  }

  /** The default: float32 on the CPU. */
  public static Placement cpu() {
    return new Placement(Device.cpu(), Precision.FLOAT32);
  }

  /**
   * Resolves a device request and a dtype given the number of visible GPUs.
   *
   * @param spec what the user asked for
   * @param precision the requested dtype
   * @param gpuCount GPUs visible to the engine
   * @return the placement
   * @throws DeviceException when the device is not available or the dtype not allowed there
   */
  public static Placement resolve(DeviceSpec spec, Precision precision, int gpuCount) {
    Device device = spec.select(gpuCount);
    if (precision == Precision.FLOAT16 && !device.isGpu()) {
      throw new DeviceException(
          "dtype float16 requires a CUDA device, but --device "
              + spec
              + " resolved to the CPU"
              + (gpuCount == 0 ? " (no GPU is visible to DJL)" : "")
              + "; use float32 on CPU");
    }
    LOG.info("device {} -> {} ({} GPU(s) visible), {}", spec, device, gpuCount, precision);
    return new Placement(device, precision);
  }

  /**
   * Resolves against the GPUs DJL's default engine reports (starts the engine).
   *
   * @param spec what the user asked for
   * @param precision the requested dtype
   * @return the placement
   */
  public static Placement resolve(DeviceSpec spec, Precision precision) {
    return resolve(spec, precision, Engine.getInstance().getGpuCount());
  }
}
