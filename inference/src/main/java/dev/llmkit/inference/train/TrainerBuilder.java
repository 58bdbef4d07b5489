package dev.llmkit.inference.train;

import dev.llmkit.inference.safetensors.SafetensorsDtype;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings every task trainer's builder shares (LangChain4j style, self-typed so that calls
 * chain across the shared and the task's own setters).
 *
 * @param <B> the concrete builder
 */
public abstract class TrainerBuilder<B extends TrainerBuilder<B>> {

  private Path output;
  private TrainingConfig training;
  private TrainingListener listener = TrainingListener.NONE;
  private SafetensorsDtype saveDtype = SafetensorsDtype.F32;

  /**
   * @param defaultTraining the task's default optimiser, schedule and batching
   */
  protected TrainerBuilder(TrainingConfig defaultTraining) {
    this.training = Objects.requireNonNull(defaultTraining);
  }

  /** The model directory to write. */
  public B output(Path output) {
    this.output = output;
    return self();
  }

  /** Optimiser, schedule, batching and checkpoint settings (defaults: see the task's builder). */
  public B training(TrainingConfig training) {
    this.training = Objects.requireNonNull(training);
    return self();
  }

  /** Progress events. */
  public B listener(TrainingListener listener) {
    this.listener = Objects.requireNonNull(listener);
    return self();
  }

  /** Precision of the saved weights (F32 default; F16 halves the size). */
  public B saveDtype(SafetensorsDtype saveDtype) {
    this.saveDtype = Objects.requireNonNull(saveDtype);
    return self();
  }

  /**
   * The shared settings, checked.
   *
   * @throws NullPointerException if no output was given
   * @throws IllegalArgumentException if the output names no directory
   */
  protected TrainingRun run() {
    Objects.requireNonNull(output, "output");
    if (output.toString().isBlank()) {
      throw new IllegalArgumentException("output must name a directory");
    }
    return new TrainingRun(output, training, listener, saveDtype);
  }

  /** This builder, typed as the concrete one. */
  @SuppressWarnings("unchecked")
  protected B self() {
    return (B) this;
  }
}
