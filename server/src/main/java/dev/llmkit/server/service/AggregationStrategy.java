package dev.llmkit.server.service;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How token predictions merge into entities, as in HF's {@code TokenClassificationPipeline} (<a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/pipelines/token_classification.py">token_classification.py</a>).
 */
public enum AggregationStrategy {
  /** One entity per token. */
  NONE,
  /** Merge adjacent tokens with the same B-/I- entity. */
  SIMPLE,
  /** Word label from its first token. */
  FIRST,
  /** Word label from the average of its tokens' scores. */
  AVERAGE,
  /** Word label from its highest-scoring token. */
  MAX;

  /** The wire name ({@code none}, {@code simple}, ...). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
