package dev.llmkit.inference.device;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/**
 * A requested device as a user writes it: {@code auto}, {@code cpu}, {@code cuda} or {@code
 * cuda:N}.
 *
 * <p>Parsing is pure; {@link #select(int)} turns the request into a DJL {@link Device} given the
 * number of visible GPUs, so every branch is testable on a machine without one. {@link #select()}
 * asks DJL's engine for that count.
 */
public sealed interface DeviceSpec {

  /** Accepted spellings, for error messages and {@code --help}. */
  String ACCEPTED = "auto, cpu, cuda, cuda:N";

  /** The first GPU when DJL sees one, otherwise the CPU. */
  record Auto() implements DeviceSpec {
    @Override
    public Device select(int gpuCount) {
      requireNonNegative(gpuCount);
      return gpuCount > 0 ? Device.gpu(0) : Device.cpu();
    }

    @Override
    public String toString() {
      return "auto";
    }
  }

  /** The CPU, whatever GPUs are present. */
  record Cpu() implements DeviceSpec {
    @Override
    public Device select(int gpuCount) {
      requireNonNegative(gpuCount);
      return Device.cpu();
    }

    @Override
    public String toString() {
      return "cpu";
    }
  }

  /**
   * One CUDA device.
   *
   * @param index the CUDA ordinal, {@code 0} for a bare {@code cuda}
   */
  record Cuda(int index) implements DeviceSpec {
    /** Validates the ordinal. */
    public Cuda {
      if (index < 0) {
        throw new DeviceException("CUDA device index must be >= 0, got " + index);
      }
    }

    @Override
    public Device select(int gpuCount) {
      requireNonNegative(gpuCount);
      if (gpuCount == 0) {
        throw new DeviceException(
            "device '"
                + this
                + "' requested but no CUDA GPU is visible to DJL; use --device cpu"
                + " or auto (and check that a CUDA build of libtorch is on the classpath)");
      }
      if (index >= gpuCount) {
        throw new DeviceException(
            "device '"
                + this
                + "' requested but only "
                + gpuCount
                + " GPU(s) are visible (valid: cuda:0"
                + (gpuCount > 1 ? " .. cuda:" + (gpuCount - 1) : "")
                + ")");
      }
      return Device.gpu(index);
    }

    @Override
    public String toString() {
      return "cuda:" + index;
    }
  }

  /**
   * Resolves this request to a DJL device.
   *
   * @param gpuCount the number of GPUs the engine can use
   * @return the device to place the model on
   * @throws DeviceException when the request cannot be met (no such GPU)
   */
  Device select(int gpuCount);

  /**
   * Resolves this request against the GPUs DJL's default engine reports. Starts the engine, so
   * apply {@link ThreadSettings} first.
   *
   * @return the device to place the model on
   */
  default Device select() {
    return select(Engine.getInstance().getGpuCount());
  }

  /**
   * Parses {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N} (case-insensitive, {@code gpu}
   * is accepted as a synonym of {@code cuda}).
   *
   * @param text the user's value, e.g. of {@code --device}
   * @return the parsed request
   * @throws DeviceException naming the accepted values when {@code text} is none of them
   */
  static DeviceSpec parse(String text) {
    if (text == null || text.isBlank()) {
      throw new DeviceException("empty device; expected one of " + ACCEPTED);
    }
    String value = text.strip().toLowerCase(Locale.ROOT);
    switch (value) {
      case "auto":
        return new Auto();
      case "cpu":
        return new Cpu();
      case "cuda":
      case "gpu":
        return new Cuda(0);
      default:
        break;
    }
    int colon = value.indexOf(':');
    String kind = colon < 0 ? value : value.substring(0, colon);
    String ordinal = colon < 0 ? "" : value.substring(colon + 1);
    if (!(kind.equals("cuda") || kind.equals("gpu"))
        || ordinal.isEmpty()
        || !ordinal.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new DeviceException("unknown device '" + text + "'; expected one of " + ACCEPTED);
    }
    try {
      return new Cuda(Integer.parseInt(ordinal));
    } catch (NumberFormatException e) {
      throw new DeviceException("CUDA device index out of range in '" + text + "'");
    }
  }

  private static void requireNonNegative(int gpuCount) {
    if (gpuCount < 0) {
      throw new IllegalArgumentException("gpuCount must be >= 0, got " + gpuCount);
    }
  }
}
