package dev.llmkit.inference.ner;

import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * Options of the token-classification (NER) pipeline, named after Hugging Face's parameters.
 *
 * @param aggregationStrategy {@code aggregation_strategy}, default {@link AggregationStrategy#NONE}
 * @param ignoreLabels {@code ignore_labels}: labels dropped from the results, default {@code ["O"]}
 * @param stride {@code stride}: when present, texts longer than the model window are split into
 *     overlapping windows sharing this many tokens, and their entities merged; when absent, texts
 *     are truncated to the window as Hugging Face does. Needs an aggregation strategy other than
 *     {@code none}.
 */
public record NerOptions(
    AggregationStrategy aggregationStrategy, List<String> ignoreLabels, OptionalInt stride) {

  /** Validates and copies. */
  public NerOptions {
    Objects.requireNonNull(aggregationStrategy, "aggregationStrategy");
    ignoreLabels = List.copyOf(ignoreLabels);
    Objects.requireNonNull(stride, "stride");
    if (stride.isPresent()) {
      if (stride.getAsInt() < 0) {
        throw new IllegalArgumentException("stride must be >= 0, got " + stride.getAsInt());
      }
      if (aggregationStrategy == AggregationStrategy.NONE) {
        throw new IllegalArgumentException(
            "stride was provided to process all the text but aggregation_strategy=\"none\";"
                + " choose simple, first, average or max");
      }
    }
  }

  /** Hugging Face's defaults: no aggregation, ignore {@code "O"}, no stride. */
  public static NerOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b = new Builder().aggregationStrategy(aggregationStrategy).ignoreLabels(ignoreLabels);
    stride.ifPresent(b::stride);
    return b;
  }

  /** Builder for {@link NerOptions}. */
  public static final class Builder {
    private AggregationStrategy aggregationStrategy = AggregationStrategy.NONE;
    private List<String> ignoreLabels = List.of("O");
    private OptionalInt stride = OptionalInt.empty();

    private Builder() {}

    /** Sets {@code aggregation_strategy}. */
    public Builder aggregationStrategy(AggregationStrategy aggregationStrategy) {
      this.aggregationStrategy = aggregationStrategy;
      return this;
    }

    /** Sets {@code aggregation_strategy} from its Hugging Face spelling. */
    public Builder aggregationStrategy(String aggregationStrategy) {
      return aggregationStrategy(AggregationStrategy.parse(aggregationStrategy));
    }

    /** Sets {@code ignore_labels}. */
    public Builder ignoreLabels(List<String> ignoreLabels) {
      this.ignoreLabels = ignoreLabels;
      return this;
    }

    /** Sets {@code stride}, the number of tokens shared by consecutive windows. */
    public Builder stride(int stride) {
      this.stride = OptionalInt.of(stride);
      return this;
    }

    /** Builds and validates the options. */
    public NerOptions build() {
      return new NerOptions(aggregationStrategy, ignoreLabels, stride);
    }
  }
}
