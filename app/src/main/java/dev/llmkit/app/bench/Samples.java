package dev.llmkit.app.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Repeated measurements of one quantity (milliseconds, or any unit), with the order statistics a
 * benchmark reports: median, 10th and 90th percentiles, min, max and the median absolute deviation.
 *
 * @param values the measurements, in the order taken
 */
public record Samples(double[] values) {

  /** Checks there is at least one value. */
  public Samples {
    if (values.length == 0) {
      throw new IllegalArgumentException("no samples");
    }
    values = values.clone();
  }

  /** The samples of a list. */
  public static Samples of(List<Double> values) {
    return new Samples(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** The {@code p}-quantile, interpolated linearly between order statistics (numpy's default). */
  public double quantile(double p) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    double at = p * (sorted.length - 1);
    int lo = (int) Math.floor(at);
    int hi = (int) Math.ceil(at);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
  }

  public double median() {
    return quantile(0.5);
  }

  public double p10() {
    return quantile(0.1);
  }

  public double p90() {
    return quantile(0.9);
  }

  public double min() {
    return Arrays.stream(values).min().orElseThrow();
  }

  public double max() {
    return Arrays.stream(values).max().orElseThrow();
  }

  /** Median absolute deviation from the median: a spread that one outlier does not move. */
  public double mad() {
    double m = median();
    return new Samples(Arrays.stream(values).map(v -> Math.abs(v - m)).toArray()).median();
  }

  /** The samples each turned by {@code f} (ms per item to items per second, say). */
  public Samples map(java.util.function.DoubleUnaryOperator f) {
    return new Samples(Arrays.stream(values).map(f).toArray());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Samples s && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Samples" + Arrays.toString(values);
  }
}
