package dev.llmkit.inference.train;

import java.nio.file.Path;

/** Receives progress events of a {@link Trainer}; all methods run on the training thread. */
public interface TrainingListener {

  /** A listener that ignores everything. */
  TrainingListener NONE = new TrainingListener() {};

  /**
   * Training starts (or resumes).
   *
   * @param startStep global steps already done (0 unless resumed)
   * @param totalSteps steps of the whole run
   */
  default void onStart(int startStep, int totalSteps) {}

  /** One optimizer step is done. */
  default void onStep(StepStats stats) {}

  /** A checkpoint was written. */
  default void onCheckpoint(int step, Path directory) {}

  /** Training stopped, finished or not. */
  default void onEnd(TrainingResult result) {}
}
