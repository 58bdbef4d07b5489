package dev.llmkit.server.service;

import java.util.List;

/**
 * Effective fill-mask parameters, Hugging Face's names and defaults.
 *
 * @param topK {@code top_k}: candidates per mask (default 5)
 * @param targets {@code targets}: score only these words; empty for the whole vocabulary
 */
public record FillMaskParameters(int topK, List<String> targets) {

  /** Hugging Face's default {@code top_k}. */
  public static final int DEFAULT_TOP_K = 5;

  /** Copies the targets (null becomes empty). */
  public FillMaskParameters {
    targets = targets == null ? List.of() : List.copyOf(targets);
  }
}
