package dev.llmkit.inference.device;

import ai.djl.ndarray.types.DataType;
import java.util.Locale;

/**
 * The floating-point type a model computes in. fp32 everywhere; fp16 only on CUDA, because
 * PyTorch's CPU fp16 matrix products run at 1–3 GFLOP/s (see djl-pitfalls note 10); bf16 only on a
 * CPU with bfloat16 instructions, and int8 (dynamic quantization) only on the CPU, both only for
 * the encoders' linear layers.
 */
public enum Precision {
  /** 32-bit IEEE float, the default and the only choice on CPU. */
  FLOAT32("float32", DataType.FLOAT32),
  /** 16-bit IEEE float, CUDA only. */
  FLOAT16("float16", DataType.FLOAT16),
  /**
   * bfloat16 products in the linear layers of encoders, on a CPU with AVX-512 BF16 or AMX; the
   * weights stay float32 in memory and everything else (embeddings, attention, LayerNorm, residual
   * sums, heads' outputs) computes in float32. DJL's PyTorch engine aborts the JVM on bfloat16
   * arrays, so the bfloat16 copies of the weights live only in the engine ({@code
   * nn.PackedWeight}).
   */
  BFLOAT16("bfloat16", DataType.BFLOAT16),
  /**
   * Dynamic int8 quantization of the encoders' linear layers on the CPU, as PyTorch's {@code
   * torch.ao.quantization.quantize_dynamic}: weights quantized symmetrically per output channel
   * once, each layer's input quantized from its own range on every call, products in int8 through
   * FBGEMM (AVX2; AVX-512 VNNI makes them fast), results float32. Everything else as for {@link
   * #BFLOAT16}.
   */
  INT8("int8", DataType.INT8);

  private final String label;
  private final DataType dataType;

  Precision(String label, DataType dataType) {
    this.label = label;
    this.dataType = dataType;
  }

  /**
   * @return the DJL data type of weights and activations
   */
  public DataType dataType() {
    return dataType;
  }

  /**
   * @return the canonical spelling ({@code float32}, {@code float16}, {@code bfloat16}, {@code
   *     int8})
   */
  public String label() {
    return label;
  }

  @Override
  public String toString() {
    return label;
  }

  /**
   * Parses {@code float32|fp32|float|f32}, {@code float16|fp16|half|f16} or {@code bfloat16|bf16}
   * (case-insensitive).
   *
   * @param text the user's value, e.g. of {@code --dtype}
   * @return the precision
   * @throws DeviceException naming the accepted values otherwise
   */
  public static Precision parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    switch (value) {
      case "float32":
      case "fp32":
      case "f32":
      case "float":
        return FLOAT32;
      case "float16":
      case "fp16":
      case "f16":
      case "half":
        return FLOAT16;
      case "bfloat16":
      case "bf16":
        return BFLOAT16;
      case "int8":
      case "qint8":
        return INT8;
      default:
        throw new DeviceException(
            "unknown dtype '" + text + "'; expected float32, float16, bfloat16 or int8");
    }
  }
}
