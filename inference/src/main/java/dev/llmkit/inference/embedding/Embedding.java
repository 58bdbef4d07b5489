package dev.llmkit.inference.embedding;

import java.util.Arrays;

/**
 * One text's vector.
 *
 * @param vector the pooled (and, if asked, normalized) vector, length = the model's hidden size
 * @param tokenCount tokens the model saw, special tokens included (after truncation)
 */
public record Embedding(float[] vector, int tokenCount) {

  /** Number of dimensions. */
  public int dimension() {
    return vector.length;
  }

  /** Cosine similarity with another vector of the same dimension. */
  public double cosine(Embedding other) {
    if (other.vector.length != vector.length) {
      throw new IllegalArgumentException(
          "dimensions differ: " + vector.length + " vs " + other.vector.length);
    }
    double dot = 0;
    double a = 0;
    double b = 0;
    for (int i = 0; i < vector.length; i++) {
      dot += (double) vector[i] * other.vector[i];
      a += (double) vector[i] * vector[i];
      b += (double) other.vector[i] * other.vector[i];
    }
    return dot / Math.sqrt(a * b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e
        && tokenCount == e.tokenCount
        && Arrays.equals(vector, e.vector);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(vector) + tokenCount;
  }

  @Override
  public String toString() {
    return "Embedding[dimension=" + vector.length + ", tokenCount=" + tokenCount + "]";
  }
}
