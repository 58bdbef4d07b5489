package dev.llmkit.inference.ner;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How token predictions are fused into entities, with the semantics of Hugging Face's {@code
 * aggregation_strategy} (transformers 4.53 {@code pipelines/token_classification.py}).
 */
public enum AggregationStrategy {
  /** Every token on its own: label, score and token index. */
  NONE,
  /** Adjacent tokens with the same tag are grouped following the B-/I- schema. */
  SIMPLE,
  /** Words take the label of their first token, then SIMPLE grouping. */
  FIRST,
  /** Words take the label of the averaged token scores, then SIMPLE grouping. */
  AVERAGE,
  /** Words take the label of their most confident token, then SIMPLE grouping. */
  MAX;

  /**
   * Parses the Hugging Face spelling ({@code "none"}, {@code "simple"}, ...), case-insensitively.
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static AggregationStrategy parse(String name) {
    for (AggregationStrategy s : values()) {
      if (s.name().equalsIgnoreCase(name.strip())) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "Unknown aggregation_strategy '"
            + name
            + "'; expected one of "
            + Arrays.stream(values())
                .map(v -> v.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", ")));
  }

  /** The Hugging Face spelling of this strategy, also its JSON form ({@code "simple"}). */
  @JsonValue
  public String hfName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether words (not tokens) are the unit that receives a label. */
  boolean aggregatesWords() {
    return this == FIRST || this == AVERAGE || this == MAX;
  }
}
