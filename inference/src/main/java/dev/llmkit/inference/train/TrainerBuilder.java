package dev.llmkit.inference.train;

import dev.llmkit.inference.device.DeviceSpec;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
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
  private Placement placement;

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
   * Where the model is loaded and trains (default: a GPU when the engine sees one, else the CPU).
   *
   * @throws IllegalArgumentException for float16: training keeps float32 weights
   */
  public B placement(Placement placement) {
    if (placement.precision() != Precision.FLOAT32) {
      throw new IllegalArgumentException("training runs in float32, not " + placement.precision());
    }
    this.placement = placement;
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
    Placement where =
        placement != null
            ? placement
            : Placement.resolve(DeviceSpec.parse("auto"), Precision.FLOAT32);
    return new TrainingRun(output, training, listener, saveDtype, where);
  }

  /** This builder, typed as the concrete one. */
  @SuppressWarnings("unchecked")
  protected B self() {
    return (B) this;
  }
}
