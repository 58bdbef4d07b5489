package dev.llmkit.inference.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * The smallest and largest values of int64 arrays (ids, masks), as input checks need them before a
 * forward pass. On the CPU all of them come back in one engine call and one copy ({@code extrema}
 * in {@code kernels.py}) rather than two calls and two copies per array.
 */
public final class Extrema {

  private Extrema() {}

  /**
   * @param arrays int64 arrays, none empty
   * @return {@code {min0, max0, min1, max1, ...}}
   */
  public static long[] of(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (a.getDataType() != DataType.INT64 || a.isEmpty()) {
        throw new IllegalArgumentException(
            "expected non-empty INT64 arrays, got " + a.getDataType() + " " + a.getShape());
      }
    }
    // Not TorchKernels.forInference: int64 ids carry no gradient, so training may use it too.
    TorchKernels kernels = onCpu(arrays) ? TorchKernels.get() : null;
    long[] values = kernels != null ? kernels.extrema(arrays) : null;
    return values != null ? values : separately(arrays);
  }

  /** Two calls and two copies per array. */
  static long[] separately(NDArray... arrays) {
    long[] values = new long[2 * arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      try (NDArray min = arrays[i].min();
          NDArray max = arrays[i].max()) {
        values[2 * i] = min.getLong();
        values[2 * i + 1] = max.getLong();
      }
    }
    return values;
  }

  private static boolean onCpu(NDArray... arrays) {
    for (NDArray a : arrays) {
      if (!Device.Type.CPU.equals(a.getDevice().getDeviceType())) {
        return false;
      }
    }
    return true;
  }
}
