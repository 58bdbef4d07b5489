package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.nn.Activation;
import org.junit.jupiter.api.Test;

/** Hand-computed values for pooling and the activations. */
class PoolingTest {

  @Test
  void meanPoolingIgnoresPaddingAndClsTakesTheFirstToken() {
    try (NDManager m = NDManager.newBaseManager()) {
      // (B=1, T=3, C=2); the third token is padding
      NDArray hidden = m.create(new float[] {1, 2, 3, 6, 100, 100}, new Shape(1, 3, 2));
      NDArray mask = m.create(new long[] {1, 1, 0}, new Shape(1, 3));
      assertThat(Pooling.MEAN.pool(hidden, mask).toFloatArray()).containsExactly(2f, 4f);
      assertThat(Pooling.CLS.pool(hidden, mask).toFloatArray()).containsExactly(1f, 2f);
      assertThat(Pooling.normalize(m.create(new float[] {3, 4}, new Shape(1, 2))).toFloatArray())
          .containsExactly(0.6f, 0.8f);
      // an all-padding row does not divide by zero
      NDArray none =
          Pooling.MEAN.pool(hidden, m.zeros(new Shape(1, 3), ai.djl.ndarray.types.DataType.INT64));
      assertThat(none.toFloatArray()).containsExactly(0f, 0f);
    }
  }

  @Test
  void meanPoolingWithoutPaddingAveragesEveryToken() {
    try (NDManager m = NDManager.newBaseManager()) {
      // (B=2, T=2, C=2), no padding: the mask may be left out
      NDArray hidden = m.create(new float[] {1, 2, 3, 6, -1, 0, 5, 1}, new Shape(2, 2, 2));
      assertThat(Pooling.MEAN.pool(hidden, null).toFloatArray()).containsExactly(2f, 4f, 2f, 0.5f);
      NDArray ones = m.ones(new Shape(2, 2), ai.djl.ndarray.types.DataType.INT64);
      assertThat(Pooling.MEAN.pool(hidden, ones).toFloatArray()).containsExactly(2f, 4f, 2f, 0.5f);
    }
  }

  @Test
  void activationsMatchTheirDefinitions() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {-1f, 0f, 1f, 2f});
      // x * Phi(x): Phi(1) = 0.8413447, Phi(2) = 0.9772499
      assertThat(Activation.GELU.apply(x).toFloatArray())
          .containsExactly(new float[] {-0.1586553f, 0f, 0.8413447f, 1.9544997f}, within(1e-6f));
      // 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) at 1 and 2
      assertThat(Activation.GELU_TANH.apply(x).toFloatArray())
          .containsExactly(new float[] {-0.1588080f, 0f, 0.8411920f, 1.9545977f}, within(1e-6f));
      assertThat(Activation.RELU.apply(x).toFloatArray()).containsExactly(0f, 0f, 1f, 2f);
      assertThat(Activation.fromConfig("gelu_pytorch_tanh")).isEqualTo(Activation.GELU_TANH);
    }
  }
}
