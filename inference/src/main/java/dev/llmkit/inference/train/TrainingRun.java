package dev.llmkit.inference.train;

import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import java.nio.file.Path;

/**
 * What every task trainer is given besides its data: where the model goes, how to train, whom to
 * tell, how precisely to save, and where the model trains.
 *
 * @param output the model directory to write
 * @param training optimiser, schedule, batching and checkpoint settings
 * @param listener progress events
 * @param saveDtype precision of the saved weights
 * @param placement the device the model is loaded on and trains on (float32)
 */
public record TrainingRun(
    Path output,
    TrainingConfig training,
    TrainingListener listener,
    SafetensorsDtype saveDtype,
    Placement placement) {

  /** The training loop for these settings. */
  public Trainer trainer() {
    return new Trainer(training, listener);
  }
}
