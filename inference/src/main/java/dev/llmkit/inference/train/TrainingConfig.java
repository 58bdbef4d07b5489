package dev.llmkit.inference.train;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a training run.
 *
 * @param epochs passes over the training set
 * @param maxSteps if positive, the run's total optimizer steps instead of {@code epochs} passes
 * @param batchSize examples per step
 * @param learningRate peak learning rate
 * @param warmupRatio fraction of the total steps spent warming up
 * @param weightDecay AdamW decoupled weight decay
 * @param beta1 AdamW first-moment decay
 * @param beta2 AdamW second-moment decay
 * @param epsilon AdamW epsilon
 * @param maxGradNorm global gradient-norm clip; 0 disables clipping
 * @param seed seed of the data order and of the engine's random generator
 * @param poolBatches batches per length-sorting pool (1 disables bucketing)
 * @param checkpointDir where checkpoints go; {@code null} for none
 * @param checkpointEvery steps between checkpoints (a checkpoint is also written when the run
 *     stops)
 * @param keepCheckpoints how many recent checkpoints to keep
 * @param resume continue from the latest checkpoint in {@code checkpointDir} if there is one
 * @param reschedule on resume, accept a checkpoint written with another {@code maxSteps} (or epoch
 *     count) and recompute the learning-rate schedule for this run's total; every other setting
 *     must still match
 * @param stopAfterStep if positive, stop (with a checkpoint) once this global step is done
 * @param timeBudget if not null, stop (with a checkpoint) once this much wall time has passed
 */
public record TrainingConfig(
    int epochs,
    int maxSteps,
    int batchSize,
    double learningRate,
    double warmupRatio,
    double weightDecay,
    double beta1,
    double beta2,
    double epsilon,
    double maxGradNorm,
    long seed,
    int poolBatches,
    Path checkpointDir,
    int checkpointEvery,
    int keepCheckpoints,
    boolean resume,
    boolean reschedule,
    int stopAfterStep,
    Duration timeBudget) {

  /** Checks the settings. */
  public TrainingConfig {
    if (epochs < 1 && maxSteps < 1) {
      throw new IllegalArgumentException("need epochs >= 1 or maxSteps >= 1");
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
    }
    if (!(learningRate > 0)) {
      throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
    }
    if (!(warmupRatio >= 0 && warmupRatio <= 1)) {
      throw new IllegalArgumentException("warmupRatio must be in [0, 1], got " + warmupRatio);
    }
    if (maxGradNorm < 0) {
      throw new IllegalArgumentException("maxGradNorm must be >= 0, got " + maxGradNorm);
    }
    if (reschedule && !resume) {
      throw new IllegalArgumentException("reschedule only applies when resuming");
    }
    if (resume && checkpointDir == null) {
      throw new IllegalArgumentException("resume needs a checkpoint directory");
    }
    if (keepCheckpoints < 1 || poolBatches < 1 || checkpointEvery < 0) {
      throw new IllegalArgumentException("keepCheckpoints, poolBatches must be >= 1");
    }
  }

  /** A builder with the defaults of Hugging Face fine-tuning recipes. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link TrainingConfig}. */
  public static final class Builder {
    private int epochs = 1;
    private int maxSteps;
    private int batchSize = 16;
    private double learningRate = 5e-5;
    private double warmupRatio = 0.1;
    private double weightDecay = 0.01;
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double maxGradNorm = 1.0;
    private long seed = 42;
    private int poolBatches = 50;
    private Path checkpointDir;
    private int checkpointEvery = 500;
    private int keepCheckpoints = 2;
    private boolean resume;
    private boolean reschedule;
    private int stopAfterStep;
    private Duration timeBudget;

    private Builder() {}

    /** Passes over the data (default 1). */
    public Builder epochs(int epochs) {
      this.epochs = epochs;
      return this;
    }

    /** Total steps, overriding {@link #epochs} when positive. */
    public Builder maxSteps(int maxSteps) {
      this.maxSteps = maxSteps;
      return this;
    }

    /** Examples per step (default 16). */
    public Builder batchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Peak learning rate (default 5e-5). */
    public Builder learningRate(double learningRate) {
      this.learningRate = learningRate;
      return this;
    }

    /** Warm-up fraction of the total steps (default 0.1). */
    public Builder warmupRatio(double warmupRatio) {
      this.warmupRatio = warmupRatio;
      return this;
    }

    /** AdamW weight decay (default 0.01). */
    public Builder weightDecay(double weightDecay) {
      this.weightDecay = weightDecay;
      return this;
    }

    /** AdamW betas (default 0.9, 0.999). */
    public Builder betas(double beta1, double beta2) {
      this.beta1 = beta1;
      this.beta2 = beta2;
      return this;
    }

    /** AdamW epsilon (default 1e-8). */
    public Builder epsilon(double epsilon) {
      this.epsilon = epsilon;
      return this;
    }

    /** Global gradient-norm clip, 0 for none (default 1.0). */
    public Builder maxGradNorm(double maxGradNorm) {
      this.maxGradNorm = maxGradNorm;
      return this;
    }

    /** Seed of data order and engine RNG (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Batches per length-sorting pool (default 50). */
    public Builder poolBatches(int poolBatches) {
      this.poolBatches = poolBatches;
      return this;
    }

    /** Directory for checkpoints (default none). */
    public Builder checkpointDir(Path checkpointDir) {
      this.checkpointDir = checkpointDir;
      return this;
    }

    /** Steps between checkpoints (default 500; 0 writes one only when the run stops). */
    public Builder checkpointEvery(int checkpointEvery) {
      this.checkpointEvery = checkpointEvery;
      return this;
    }

    /** Checkpoints kept (default 2). */
    public Builder keepCheckpoints(int keepCheckpoints) {
      this.keepCheckpoints = keepCheckpoints;
      return this;
    }

    /** Resume from the latest checkpoint if one exists. */
    public Builder resume(boolean resume) {
      this.resume = resume;
      return this;
    }

    /**
     * On resume, accept a checkpoint written with another total step count and recompute the
     * learning-rate schedule for this run's total (default false).
     */
    public Builder reschedule(boolean reschedule) {
      this.reschedule = reschedule;
      return this;
    }

    /** Stop after this global step (0 for no limit). */
    public Builder stopAfterStep(int stopAfterStep) {
      this.stopAfterStep = stopAfterStep;
      return this;
    }

    /** Stop once this much wall time has passed (null for no limit). */
    public Builder timeBudget(Duration timeBudget) {
      this.timeBudget = timeBudget;
      return this;
    }

    /** Builds the config. */
    public TrainingConfig build() {
      return new TrainingConfig(
          epochs,
          maxSteps,
          batchSize,
          learningRate,
          warmupRatio,
          weightDecay,
          beta1,
          beta2,
          epsilon,
          maxGradNorm,
          seed,
          poolBatches,
          checkpointDir,
          checkpointEvery,
          keepCheckpoints,
          resume,
          reschedule,
          stopAfterStep,
          timeBudget);
    }
  }

  /** The settings a resumed run must share with the run that wrote the checkpoint. */
  String fingerprint(int examples) {
    return fingerprint(epochs, maxSteps, examples);
  }

  /** The fingerprint these settings would have with another length of run. */
  String fingerprint(int epochs, int maxSteps, int examples) {
    return Objects.hash(
            epochs,
            maxSteps,
            batchSize,
            learningRate,
            warmupRatio,
            weightDecay,
            beta1,
            beta2,
            epsilon,
            maxGradNorm,
            seed,
            poolBatches)
        + "/"
        + examples;
  }
}
