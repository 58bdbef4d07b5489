package dev.llmkit.inference.pipeline;

import dev.llmkit.tokenization.Encoding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

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

  /**
   * Groups items of different lengths into forward passes that waste little on padding: items are
   * sorted by length, longest first (as sentence-transformers' {@code encode} does), and the sorted
   * run is cut where the cost of a pass, {@code rows × longest + overheadTokens}, adds up least
   * over all passes (an exact dynamic programme over cut points; at most {@code maxRows} items a
   * pass).
   *
   * <p>One pass over 32 texts of 20 to 30 tokens pads every text to 30; cut into passes of similar
   * length, the model computes close to the real 25 tokens a text. {@code overheadTokens} is the
   * fixed cost of one pass, in tokens' worth of compute: it keeps items of nearly equal length
   * together.
   *
   * @param lengths the length of each item, in tokens
   * @return for each pass, the indices of its items, longest first
   */
  public static List<List<Integer>> byLength(
      List<Integer> lengths, int maxRows, int overheadTokens) {
    if (maxRows < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + maxRows);
    }
    int n = lengths.size();
    List<Integer> order = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(
        (a, b) -> Integer.compare(lengths.get(b), lengths.get(a))); // stable: ties keep order
    // best[i]: least cost of the first i sorted items; a pass over sorted items j..i-1 costs
    // (i - j) × length(j) + overhead, its first item being its longest.
    long[] best = new long[n + 1];
    int[] cut = new int[n + 1];
    for (int i = 1; i <= n; i++) {
      best[i] = Long.MAX_VALUE;
      for (int j = Math.max(0, i - maxRows); j < i; j++) {
        long cost = best[j] + (long) (i - j) * lengths.get(order.get(j)) + overheadTokens;
        if (cost < best[i]) {
          best[i] = cost;
          cut[i] = j;
        }
      }
    }
    List<List<Integer>> batches = new ArrayList<>();
    for (int i = n; i > 0; i = cut[i]) {
      batches.add(0, List.copyOf(order.subList(cut[i], i)));
    }
    return batches;
  }

  /**
   * The fixed cost of one encoder forward pass in tokens' worth of compute, for {@link #byLength}:
   * on this project's 2-core CPU a MiniLM pass over one 25-token text costs about as much as 30
   * tokens inside a batch of 32, so a pass is worth about 5 tokens; 16 errs towards fewer passes.
   */
  public static final int PASS_OVERHEAD_TOKENS = 16;

  /**
   * Runs encodings through {@code forward} in padded passes of similar length ({@link #byLength},
   * at most {@code maxRows} a pass) and returns one output per encoding, in their order.
   *
   * @param forward the outputs of one pass, one per encoding, in the pass's order
   */
  public static <T> List<T> inPasses(
      List<Encoding> encodings, int maxRows, Function<List<Encoding>, List<T>> forward) {
    List<T> out = new ArrayList<>(Collections.nCopies(encodings.size(), null));
    List<Integer> lengths = encodings.stream().map(Encoding::length).toList();
    for (List<Integer> pass : byLength(lengths, maxRows, PASS_OVERHEAD_TOKENS)) {
      List<T> outputs = forward.apply(pass.stream().map(encodings::get).toList());
      for (int i = 0; i < pass.size(); i++) {
        out.set(pass.get(i), outputs.get(i));
      }
    }
    return out;
  }
}
