package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class EncoderInputsTest {

  @Test
  void validationSaysWhetherSomePositionIsPadding() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ids = m.create(new long[] {101, 7, 102, 101, 102, 0}, new Shape(2, 3));
      NDArray types = m.zeros(new Shape(2, 3), ai.djl.ndarray.types.DataType.INT64);
      NDArray full = m.create(new long[] {1, 1, 1, 1, 1, 1}, new Shape(2, 3));
      NDArray padded = m.create(new long[] {1, 1, 1, 1, 1, 0}, new Shape(2, 3));
      assertThat(EncoderInputs.validate(ids, full, types, 200, 2, 8)).isFalse();
      assertThat(EncoderInputs.validate(ids, padded, types, 200, 2, 8)).isTrue();
      assertThat(EncoderInputs.validate(ids, padded, null, 200, 0, 8)).isTrue();
    }
  }

  @Test
  void idsOutsideTheTablesAreReportedWithTheirRange() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray ids = m.create(new long[] {-1, 7, 102}, new Shape(1, 3));
      NDArray mask = m.create(new long[] {1, 1, 1}, new Shape(1, 3));
      assertThatThrownBy(() -> EncoderInputs.validate(ids, mask, null, 200, 0, 8))
          .isInstanceOf(ModelInputException.class)
          .hasMessage("inputIds must lie in [0, 200), found values from -1 to 102");
      NDArray types = m.create(new long[] {0, 3, 1}, new Shape(1, 3));
      assertThatThrownBy(() -> EncoderInputs.validate(ids.abs(), mask, types, 200, 2, 8))
          .isInstanceOf(ModelInputException.class)
          .hasMessage("tokenTypeIds must lie in [0, 2), found values from 0 to 3");
    }
  }
}
