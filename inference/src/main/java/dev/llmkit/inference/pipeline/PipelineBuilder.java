package dev.llmkit.inference.pipeline;

import ai.djl.ndarray.NDManager;
import dev.llmkit.tokenization.Tokenizer;
import java.util.Objects;

/**
 * What every task pipeline's builder shares: the model, its tokenizer and the manager that holds
 * each call's arrays (LangChain4j style, self-typed so that calls chain across the shared and the
 * task's own setters).
 *
 * @param <M> the task's model
 * @param <B> the concrete builder
 */
public abstract class PipelineBuilder<M, B extends PipelineBuilder<M, B>> {

  private M model;
  private Tokenizer tokenizer;
  private NDManager manager;

  /** For subclasses. */
  protected PipelineBuilder() {}

  /**
   * The model (required); the pipeline does not close it. Its inputs are created in this pipeline's
   * manager: load the model with the same one (or one on the same device).
   */
  public B model(M model) {
    this.model = model;
    return self();
  }

  /** The model's tokenizer (required); the pipeline does not close it. */
  public B tokenizer(Tokenizer tokenizer) {
    this.tokenizer = tokenizer;
    return self();
  }

  /**
   * The manager whose children hold each call's arrays; the pipeline does not close it. Without one
   * the pipeline creates (and closes) its own on the device of the model's weights.
   */
  public B manager(NDManager manager) {
    this.manager = manager;
    return self();
  }

  /** The model, for the pipeline's constructor. */
  public M requireModel() {
    return Objects.requireNonNull(model, "model");
  }

  /** The tokenizer, for the pipeline's constructor. */
  public Tokenizer requireTokenizer() {
    return Objects.requireNonNull(tokenizer, "tokenizer");
  }

  /**
   * The manager given to {@link #manager}, or a new one on the weights' device that the pipeline
   * owns (inputs must live where the weights are).
   */
  public CallManager callManager(NDManager weights) {
    return manager != null
        ? new CallManager(manager, false)
        : new CallManager(NDManager.newBaseManager(weights.getDevice()), true);
  }

  /** This builder, typed as the concrete one. */
  @SuppressWarnings("unchecked")
  protected B self() {
    return (B) this;
  }

  /**
   * The manager a pipeline opens each call's child manager in.
   *
   * @param manager the manager
   * @param owned whether the pipeline created it and closes it
   */
  public record CallManager(NDManager manager, boolean owned) implements AutoCloseable {
    /** Closes the manager if the pipeline owns it. */
    @Override
    public void close() {
      if (owned) {
        manager.close();
      }
    }
  }
}
