package dev.llmkit.server.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Sentence embeddings (pooled encoder output). */
public interface EmbeddingService extends ModelService {

  /** One vector per text, in order. */
  CompletableFuture<Embeddings> embed(List<String> texts, EmbedParameters parameters);

  /** Length of every vector. */
  int dimensions();
}
