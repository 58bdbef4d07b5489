package dev.llmkit.inference.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoolingTest {

  private static NDManager manager;

  @BeforeAll
  static void start() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  // Row 0: tokens [1,2], [3,4] and a padding token [100,100]; row 1: [0,0], [2,2], [4,4].
  private static NDArray hidden() {
    return manager.create(new float[] {1, 2, 3, 4, 100, 100, 0, 0, 2, 2, 4, 4}, new Shape(2, 3, 2));
  }

  private static NDArray mask() {
    return manager.create(new long[] {1, 1, 0, 1, 1, 1}, new Shape(2, 3));
  }

  @Test
  void meanPoolingAveragesOnlyRealTokens() {
    float[] pooled = Pooling.MEAN.pool(hidden(), mask()).toFloatArray();
    assertThat(pooled).containsExactly(2, 3, 2, 2);
  }

  @Test
  void clsPoolingTakesTheFirstToken() {
    NDArray pooled = Pooling.CLS.pool(hidden(), mask());
    assertThat(pooled.getShape()).isEqualTo(new Shape(2, 2));
    assertThat(pooled.toFloatArray()).containsExactly(1, 2, 0, 0);
  }

  @Test
  void normalizeGivesUnitRowsAndLeavesZeroRowsFinite() {
    NDArray v = manager.create(new float[] {3, 4, 0, 0}, new Shape(2, 2));
    float[] n = Pooling.normalize(v).toFloatArray();
    assertThat(n[0]).isCloseTo(0.6f, within(1e-7f));
    assertThat(n[1]).isCloseTo(0.8f, within(1e-7f));
    assertThat(n[2]).isZero();
    assertThat(n[3]).isZero();
  }

  @Test
  void poolingNamesParse() {
    assertThat(Pooling.parse("CLS")).isEqualTo(Pooling.CLS);
    assertThatThrownBy(() -> Pooling.parse("max")).hasMessageContaining("mean, cls");
  }
}
