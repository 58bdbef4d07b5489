package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Dequantization against values worked out by hand: {@code w = q · s}, one scale per row. */
class Int8RowsTest {

  @Test
  void rowIsItsIntegersTimesItsScale() {
    // Row [0.5, -1.27, 0.0]: s = 1.27 / 127 = 0.01, q = [50, -127, 0].
    float[] w = Int8Rows.dequantize(new byte[] {50, -127, 0}, new float[] {0.01f}, 1, 3);

    assertThat(w[0]).isCloseTo(0.5f, within(1e-7f));
    assertThat(w[1]).isCloseTo(-1.27f, within(1e-7f));
    assertThat(w[2]).isZero();
  }

  @Test
  void eachRowUsesItsOwnScale() {
    // Scales that are powers of two make every product exact.
    byte[] q = {3, -4, 127, 1, -1, -127};
    float[] w = Int8Rows.dequantize(q, new float[] {0.5f, 0.25f}, 2, 3);

    assertThat(w).containsExactly(1.5f, -2f, 63.5f, 0.25f, -0.25f, -31.75f);
  }

  @Test
  void allZeroRowWithScaleOneStaysZero() {
    float[] w = Int8Rows.dequantize(new byte[] {0, 0, 0, 0}, new float[] {1f, 2f}, 2, 2);

    assertThat(w).containsExactly(0f, 0f, 0f, 0f);
  }

  @Test
  void scaleCountMustEqualRowCount() {
    assertThatThrownBy(() -> Int8Rows.dequantize(new byte[4], new float[] {1f}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need one scale per row: 2 rows, 1 scales");
  }

  @Test
  void valueCountMustFitTheShape() {
    assertThatThrownBy(() -> Int8Rows.dequantize(new byte[5], new float[] {1f, 1f}, 2, 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape (2, 2) needs 4 values, got 5");
  }

  @Test
  void zeroNegativeAndNonFiniteScalesAreRefused() {
    for (float bad : new float[] {0f, -0.5f, Float.NaN, Float.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> Int8Rows.dequantize(new byte[2], new float[] {1f, bad}, 2, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("scale of row 1 is " + bad + ", must be > 0");
    }
  }
}
