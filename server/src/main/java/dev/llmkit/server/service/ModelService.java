package dev.llmkit.server.service;

/** What every task service shares: the model it runs, and a close that frees it. */
public interface ModelService extends AutoCloseable {

  /** The model behind this service. */
  ModelInfo model();

  /** Frees the model. Called once, after the server has drained its requests. */
  @Override
  default void close() {}
}
