package dev.llmkit.app.bench;

import ai.djl.Device;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import picocli.CommandLine.Option;

/** {@code --dtype} of the suites that run encoders: float32, or bfloat16 or int8 linear layers. */
public final class BenchPrecision {

  @Option(
      names = "--dtype",
      paramLabel = "float32|bfloat16|int8",
      defaultValue = "float32",
      description =
          "llmkit's precision: float32, or bfloat16 (AVX-512 BF16 or AMX) or dynamically"
              + " quantized int8 linear layers (default ${DEFAULT-VALUE}; the peer's is its own).")
  String dtype;

  /** The parsed precision. */
  Precision precision() {
    return Precision.parse(dtype);
  }

  /** The CPU in that precision. */
  Placement placement() {
    return new Placement(Device.cpu(), precision());
  }

  /** {@code label}, with the precision appended unless it is float32. */
  String label(String label) {
    Precision p = precision();
    return p == Precision.FLOAT32 ? label : label + ", " + p.label();
  }
}
