package dev.llmkit.inference.minilm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A float32 tensor under its Hugging Face name, ready for {@code SafetensorsWriter}.
 *
 * @param name e.g. {@code encoder.layer.0.attention.self.query.weight}
 * @param shape PyTorch order, e.g. {@code [out, in]} for a linear weight
 * @param data row-major values
 */
public record HfTensor(String name, long[] shape, float[] data) {

  /** Checks that the data fills the shape. */
  public HfTensor {
    Objects.requireNonNull(name, "name");
    long count = 1;
    for (long d : shape) {
      count = Math.multiplyExact(count, d);
    }
    if (count != data.length) {
      throw new IllegalArgumentException(
          name
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + count
              + " values, got "
              + data.length);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HfTensor t
        && name.equals(t.name)
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return 31 * name.hashCode() + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return name + Arrays.toString(shape);
  }
}
