package dev.llmkit.server.service;

import java.util.List;

/**
 * One vector per input, and the number of tokens the inputs used (OpenAI's {@code usage}).
 *
 * @param vectors one vector per input, in order
 * @param promptTokens tokens across all inputs
 */
public record Embeddings(List<float[]> vectors, int promptTokens) {

  /** Copies the list (the arrays are shared, read-only by convention). */
  public Embeddings {
    vectors = List.copyOf(vectors);
  }
}
