package dev.llmkit.inference.pipeline;

import java.util.ArrayList;
import java.util.List;

/** Splits work into forward passes of bounded size. */
public final class Batching {

  private Batching() {}

  /**
   * Groups items into consecutive batches of at most {@code maxRows} rows, never splitting one
   * item: an item with more rows than {@code maxRows} gets a batch of its own.
   *
   * @param rows rows (windows) of each item, in order
   * @return for each batch, the indices of its items
   */
  public static List<List<Integer>> group(List<Integer> rows, int maxRows) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + maxRows);
    }
    List<List<Integer>> batches = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int used = 0;
    for (int i = 0; i < rows.size(); i++) {
      int n = rows.get(i);
      if (!current.isEmpty() && used + n > maxRows) {
        batches.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(i);
      used += n;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }
}
