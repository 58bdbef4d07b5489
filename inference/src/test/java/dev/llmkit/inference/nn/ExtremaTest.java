package dev.llmkit.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class ExtremaTest {

  @Test
  void eachArraysSmallestAndLargestValueComeBackInOrder() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ids = m.create(new long[] {101, 7, 30521, 102}, new Shape(2, 2));
      NDArray mask = m.create(new long[] {1, 1, 1, 0}, new Shape(2, 2));
      NDArray types = m.create(new long[] {-3, 0, 2, 1}, new Shape(2, 2));
      long[] expected = {7, 30521, 0, 1, -3, 2};
      assertThat(Extrema.of(ids, mask, types)).containsExactly(expected);
      assertThat(Extrema.separately(ids, mask, types)).containsExactly(expected);
      assertThat(Extrema.of(mask)).containsExactly(0, 1);
    }
  }

  @Test
  void onlyNonEmptyInt64ArraysAreAccepted() {
    try (NDManager m = NDManager.newBaseManager()) {
      assertThatThrownBy(() -> Extrema.of(m.create(new float[] {1f})))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("INT64");
      assertThatThrownBy(() -> Extrema.of(m.create(new long[0])))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
