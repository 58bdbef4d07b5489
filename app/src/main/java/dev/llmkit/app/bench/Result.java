package dev.llmkit.app.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One measured case of a suite: llmkit's samples and, where a peer exists, the peer's, taken in the
 * same run on the same inputs with the same threads.
 *
 * @param name the case, e.g. {@code "batch 32"}
 * @param unit what a sample measures, e.g. {@code "ms per text"}; smaller is faster
 * @param llmkit llmkit's samples
 * @param peerName who the peer is, or null
 * @param peer the peer's samples, or null
 * @param extra derived figures (tokens/s, GFLOP/s), by name
 */
public record Result(
    String name,
    String unit,
    Samples llmkit,
    String peerName,
    Samples peer,
    Map<String, Double> extra) {

  /** A case without a peer. */
  public static Result alone(String name, String unit, Samples llmkit) {
    return new Result(name, unit, llmkit, null, null, new LinkedHashMap<>());
  }

  /** A case with a peer. */
  public static Result against(
      String name, String unit, Samples llmkit, String peerName, Samples peer) {
    return new Result(name, unit, llmkit, peerName, peer, new LinkedHashMap<>());
  }

  /** Adds a derived figure. */
  public Result with(String key, double value) {
    extra.put(key, value);
    return this;
  }

  /**
   * llmkit's speed relative to the peer's: the peer's median time over llmkit's, so above 1 means
   * llmkit is faster; NaN without a peer.
   */
  public double ratio() {
    return peer == null ? Double.NaN : peer.median() / llmkit.median();
  }
}
