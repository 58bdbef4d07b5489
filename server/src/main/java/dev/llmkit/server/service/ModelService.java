package dev.llmkit.server.service;

/** What every task service shares: the model it runs, and a close that frees it. */
public interface ModelService extends AutoCloseable {

  /** The model behind this service. */
  ModelInfo model();

  /** Its model's attention weights, when the model can show them ({@code POST /attention}). */
  default java.util.Optional<AttentionService> attention() {
    return java.util.Optional.empty();
  }

  /** Frees the model. Called once, after the server has drained its requests. */
  @Override
  default void close() {}
}
