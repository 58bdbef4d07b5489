package dev.llmkit.inference.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.tokenization.Encoding;
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

  @Test
  void textsOfOneLengthShareOnePassInTheirOrder() {
    assertThat(Batching.byLength(List.of(10, 10, 10), 4, 16)).containsExactly(List.of(0, 1, 2));
  }

  @Test
  void longAndShortTextsRunInSeparatePassesWhenPaddingCostsMoreThanAPass() {
    // One pass: 4 × 30 + 16 = 136 token-steps; {30, 30} and {5, 5}: 60 + 16 + 10 + 16 = 102.
    assertThat(Batching.byLength(List.of(30, 5, 30, 5), 4, 16))
        .containsExactly(List.of(0, 2), List.of(1, 3));
  }

  @Test
  void aCostlyPassKeepsTextsOfSimilarLengthTogether() {
    // Together 2 × 30 + 100 = 160; apart 30 + 100 + 25 + 100 = 255. Without overhead apart wins.
    assertThat(Batching.byLength(List.of(25, 30), 4, 100)).containsExactly(List.of(1, 0));
    assertThat(Batching.byLength(List.of(25, 30), 4, 0)).containsExactly(List.of(1), List.of(0));
  }

  @Test
  void passesHoldAtMostTheBatchSizeAndEveryTextOnce() {
    List<List<Integer>> passes = Batching.byLength(List.of(7, 7, 7, 7, 7), 2, 16);
    assertThat(passes).hasSize(3).allMatch(p -> p.size() <= 2);
    assertThat(passes.stream().flatMap(List::stream).sorted().toList())
        .containsExactly(0, 1, 2, 3, 4);
    assertThat(Batching.byLength(List.of(), 2, 16)).isEmpty();
  }

  @Test
  void lengthBatchSizeMustBePositive() {
    assertThatThrownBy(() -> Batching.byLength(List.of(1), 0, 16))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void passesOfSimilarLengthReturnOneOutputPerEncodingInTheCallersOrder() {
    List<Encoding> encodings =
        List.of(encoding(3), encoding(30), encoding(4), encoding(31), encoding(3));
    List<List<Integer>> seen = new java.util.ArrayList<>();
    List<String> out =
        Batching.inPasses(
            encodings,
            4,
            pass -> {
              seen.add(pass.stream().map(Encoding::length).toList());
              return pass.stream().map(e -> "len" + e.length()).toList();
            });
    assertThat(out).containsExactly("len3", "len30", "len4", "len31", "len3");
    assertThat(seen).containsExactly(List.of(31, 30), List.of(4, 3, 3));
  }

  private static Encoding encoding(int n) {
    return new Encoding(
        new long[n],
        new String[n],
        new int[n],
        new int[n],
        new int[n],
        new int[n],
        new int[n],
        new int[n],
        new long[n],
        new long[n],
        new boolean[n]);
  }
}
