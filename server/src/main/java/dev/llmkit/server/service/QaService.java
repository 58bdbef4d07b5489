package dev.llmkit.server.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Extractive question answering over a given context. */
public interface QaService extends ModelService {

  /** Up to {@code parameters.topK()} answers, best first. */
  CompletableFuture<List<QaAnswer>> answer(
      String question, String context, QaParameters parameters);
}
