package dev.llmkit.app.train;

import dev.llmkit.inference.device.DeviceSpec;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.train.TrainingConfig;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Options every {@code llmkit train} task shares; unset ones take the task's defaults. */
public final class TrainingOptions {

  @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training data.")
  Integer epochs;

  @Option(
      names = "--max-steps",
      paramLabel = "N",
      description = "Total optimizer steps (overrides --epochs).")
  Integer maxSteps;

  @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step.")
  Integer batchSize;

  @Option(names = "--lr", paramLabel = "RATE", description = "Peak learning rate.")
  Double learningRate;

  @Option(
      names = "--warmup-ratio",
      paramLabel = "F",
      description = "Fraction of the steps spent warming up (default 0.1).")
  double warmupRatio = 0.1;

  @Option(
      names = "--weight-decay",
      paramLabel = "F",
      description = "AdamW weight decay (default 0.01).")
  double weightDecay = 0.01;

  @Option(
      names = "--max-grad-norm",
      paramLabel = "F",
      description = "Clip the global gradient norm; 0 disables (default 1.0).")
  double maxGradNorm = 1.0;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description = "Data order and init seed (default 42).")
  long seed = 42;

  @Option(
      names = "--checkpoints",
      paramLabel = "DIR",
      description = "Checkpoint directory (default: OUT-checkpoints beside the output).")
  Path checkpoints;

  @Option(
      names = "--checkpoint-every",
      paramLabel = "N",
      description = "Steps between checkpoints (default 500).")
  int checkpointEvery = 500;

  @Option(
      names = "--resume",
      description = "Continue exactly from the latest checkpoint (same options required).")
  boolean resume;

  @Option(
      names = "--reschedule",
      description =
          "With --resume: accept a checkpoint written with another --max-steps or --epochs and"
              + " decay the learning rate to this run's total instead.")
  boolean reschedule;

  @Option(
      names = "--time-limit",
      paramLabel = "MINUTES",
      description =
          "Stop with a checkpoint after this many minutes; run again with --resume to go on.")
  Long timeLimitMinutes;

  @Option(
      names = "--stop-after-step",
      paramLabel = "N",
      description = "Stop with a checkpoint once global step N is done.")
  int stopAfterStep;

  @Option(
      names = "--save-dtype",
      paramLabel = "F32|F16",
      description = "Precision of the saved weights (default F32).")
  SafetensorsDtype saveDtype = SafetensorsDtype.F32;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|cuda[:N]",
      defaultValue = "auto",
      description = "Where the model trains; auto takes a GPU when one is visible. Default: auto.")
  String device;

  /** Where to train, in float32 (starts the engine). */
  Placement placement() {
    return Placement.resolve(DeviceSpec.parse(device), Precision.FLOAT32);
  }

  /** The training config with task defaults for what was not given. */
  TrainingConfig config(Path out, int defaultEpochs, int defaultBatch, double defaultLr) {
    if (out.toString().isBlank()) {
      throw new IllegalArgumentException("--out must name a directory");
    }
    return TrainingConfig.builder()
        .epochs(epochs == null ? defaultEpochs : epochs)
        .maxSteps(maxSteps == null ? 0 : maxSteps)
        .batchSize(batchSize == null ? defaultBatch : batchSize)
        .learningRate(learningRate == null ? defaultLr : learningRate)
        .warmupRatio(warmupRatio)
        .weightDecay(weightDecay)
        .maxGradNorm(maxGradNorm)
        .seed(seed)
        .checkpointDir(checkpoints != null ? checkpoints : checkpointsBeside(out))
        .checkpointEvery(checkpointEvery)
        .resume(resume)
        .reschedule(reschedule)
        .stopAfterStep(stopAfterStep)
        .timeBudget(timeLimitMinutes == null ? null : Duration.ofMinutes(timeLimitMinutes))
        .build();
  }

  private static Path checkpointsBeside(Path out) {
    Path abs = out.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + "-checkpoints");
  }
}
