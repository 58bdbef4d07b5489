package dev.llmkit.inference.train;

import dev.llmkit.inference.safetensors.SafetensorsDtype;
import java.nio.file.Path;

/**
 * What every task trainer is given besides its data: where the model goes, how to train, whom to
 * tell, and how precisely to save.
 *
 * @param output the model directory to write
 * @param training optimiser, schedule, batching and checkpoint settings
 * @param listener progress events
 * @param saveDtype precision of the saved weights
 */
public record TrainingRun(
    Path output, TrainingConfig training, TrainingListener listener, SafetensorsDtype saveDtype) {

  /** The training loop for these settings. */
  public Trainer trainer() {
    return new Trainer(training, listener);
  }
}
