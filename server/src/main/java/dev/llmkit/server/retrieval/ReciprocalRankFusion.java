package dev.llmkit.server.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, SIGIR 2009): an item's fused score is
 * {@code sum over rankings of 1 / (k + rank)}, rank counted from 1; items missing from a ranking
 * get nothing from it.
 */
public final class ReciprocalRankFusion {

  /** The constant of the original paper. */
  public static final int DEFAULT_K = 60;

  /**
   * An item and its fused score.
   *
   * @param id the item
   * @param score {@code sum 1 / (k + rank)}
   */
  public record Fused(String id, double score) {}

  private ReciprocalRankFusion() {}

  /**
   * Fuses rankings (each best first, ids distinct within one ranking).
   *
   * @return every item, best fused score first; ties keep first-seen order
   */
  public static List<Fused> fuse(List<List<String>> rankings, int k) {
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0, got " + k);
    }
    Map<String, Double> scores = new LinkedHashMap<>();
    for (List<String> ranking : rankings) {
      for (int i = 0; i < ranking.size(); i++) {
        scores.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
      }
    }
    Map<String, Integer> order = new HashMap<>();
    for (String id : scores.keySet()) {
      order.put(id, order.size());
    }
    List<Fused> out = new ArrayList<>(scores.size());
    scores.forEach((id, s) -> out.add(new Fused(id, s)));
    out.sort(
        Comparator.comparingDouble(Fused::score).reversed().thenComparing(f -> order.get(f.id())));
    return out;
  }

  /** The best possible fused score with {@code lists} rankings: first in all of them. */
  public static double maxScore(int lists, int k) {
    return lists / (double) (k + 1);
  }
}
