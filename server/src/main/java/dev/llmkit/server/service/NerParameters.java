package dev.llmkit.server.service;

import dev.llmkit.inference.ner.AggregationStrategy;
import java.util.List;

/**
 * Effective token-classification parameters (defaults filled in).
 *
 * @param aggregationStrategy how tokens merge into entities
 * @param ignoreLabels labels never reported (HF default {@code ["O"]})
 * @param stride overlapping tokens between windows of a long text (0: no windowing)
 */
public record NerParameters(
    AggregationStrategy aggregationStrategy, List<String> ignoreLabels, int stride) {

  /** Copies the label list. */
  public NerParameters {
    ignoreLabels = List.copyOf(ignoreLabels);
  }
}
