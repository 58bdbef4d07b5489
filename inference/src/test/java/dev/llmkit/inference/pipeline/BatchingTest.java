package dev.llmkit.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingTest {

  @Test
  void itemsFillBatchesInOrderWithoutBeingSplit() {
    // rows per item: 2, 1, 1 | 3 | 5 | 1 with at most 4 rows a batch
    assertThat(Batching.group(List.of(2, 1, 1, 3, 5, 1), 4))
        .containsExactly(List.of(0, 1, 2), List.of(3), List.of(4), List.of(5));
  }

  @Test
  void anItemLargerThanTheBatchGetsABatchOfItsOwn() {
    assertThat(Batching.group(List.of(1, 9, 1), 4))
        .containsExactly(List.of(0), List.of(1), List.of(2));
  }

  @Test
  void batchSizeMustBePositive() {
    assertThatThrownBy(() -> Batching.group(List.of(1), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
