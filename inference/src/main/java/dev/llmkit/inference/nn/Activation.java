package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Activation functions by their Hugging Face config names ({@code hidden_act}, {@code activation});
 * see transformers' {@code activations.py}.
 */
public enum Activation {
  /** Exact GELU, {@code x Φ(x)} with the error function ({@code "gelu"}). */
  GELU("gelu"),
  /** The tanh approximation of GELU used by GPT-2 ({@code "gelu_new"} and aliases). */
  GELU_TANH("gelu_new", "gelu_pytorch_tanh", "gelu_fast"),
  /** {@code max(0, x)}. */
  RELU("relu");

  private final List<String> names;

  Activation(String... names) {
    this.names = List.of(names);
  }

  /** The config spellings accepted for this activation. */
  public List<String> configNames() {
    return names;
  }

  /**
   * Parses a config value.
   *
   * @throws IllegalArgumentException naming the supported values
   */
  public static Activation fromConfig(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (Activation a : values()) {
      if (a.names.contains(n)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unsupported activation '"
            + name
            + "'; supported: "
            + Arrays.stream(values()).flatMap(a -> a.names.stream()).toList());
  }

  /**
   * Applies the activation. Constants are created as arrays in {@code x}'s manager so the graph
   * stays differentiable (no scalar ops on the autograd path).
   */
  public NDArray apply(NDArray x) {
    return switch (this) {
      case GELU -> ai.djl.nn.Activation.gelu(x);
      case RELU -> ai.djl.nn.Activation.relu(x);
      case GELU_TANH -> geluTanh(x);
    };
  }

  /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
  private static NDArray geluTanh(NDArray x) {
    NDManager m = x.getManager();
    var type = x.getDataType();
    NDArray half = m.create(0.5f).toType(type, false);
    NDArray one = m.create(1f).toType(type, false);
    NDArray cubic = m.create(0.044715f).toType(type, false);
    NDArray scale = m.create((float) Math.sqrt(2.0 / Math.PI)).toType(type, false);
    NDArray inner = x.mul(x.mul(x).mul(cubic).add(one)).mul(scale); // (x + c x^3) * k
    return x.mul(half).mul(inner.tanh().add(one));
  }
}
