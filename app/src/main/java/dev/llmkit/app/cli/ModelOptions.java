package dev.llmkit.app.cli;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.device.DeviceSpec;
import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.device.Precision;
import dev.llmkit.inference.device.ThreadSettings;
import dev.llmkit.inference.store.ConsoleProgressBar;
import dev.llmkit.inference.store.ModelStore;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every model command shares: which model, on which device, in which precision, with
 * how many threads. Mixed into a command with {@code @Mixin ModelOptions model;}.
 *
 * <p>Nothing here starts the engine until {@link #placement()}: threads must be set before that.
 */
public final class ModelOptions {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec mixee;

  @Option(
      names = "--model",
      paramLabel = "DIR|ORG/NAME[@REV]",
      description =
          "A Hugging Face model directory, or a Hub id (downloaded into the Hugging Face cache,"
              + " progress on stderr). Default: the task's bundled model.")
  private String model;

  @Option(
      names = "--device",
      paramLabel = "auto|cpu|cuda[:N]",
      defaultValue = "auto",
      description = "Where the model runs; auto takes a GPU when one is visible. Default: auto.")
  private String device;

  @Option(
      names = "--dtype",
      paramLabel = "float32|float16|bfloat16|int8",
      defaultValue = "float32",
      description =
          "Weight and activation type; float16 only on CUDA; for the linear layers of encoders"
              + " on the CPU, bfloat16 (AVX-512 BF16 or AMX) or int8 (dynamic quantization,"
              + " AVX2). Default: float32.")
  private String dtype;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "PyTorch intra-op threads. Default: PyTorch's (one per core).")
  private Integer threads;

  @Option(
      names = "--verbose",
      description = "Log progress and print the stack trace of errors (to stderr).")
  private boolean verbose;

  /** The {@code --model} value, or null when omitted. */
  public String model() {
    return model;
  }

  /** Whether {@code --verbose} was given. */
  public boolean verbose() {
    return verbose;
  }

  /**
   * Checks {@code --device}, {@code --dtype} and {@code --threads} without starting the engine.
   *
   * @throws IllegalArgumentException (a {@code DeviceException}) naming the bad value
   */
  public void validate() {
    DeviceSpec.parse(device);
    Precision.parse(dtype);
    threadSettings();
  }

  /**
   * The model directory: {@code --model} resolved through the model store (a download shows a
   * progress bar on stderr), else the task's default.
   *
   * @throws dev.llmkit.inference.store.ModelStoreException when {@code --model} cannot be resolved
   * @throws dev.llmkit.inference.defaults.NoDefaultModelException when no default is bundled
   */
  public Path modelDirectory(DefaultTask task) {
    if (model == null) {
      return DefaultModels.standard().directory(task);
    }
    ModelStore store =
        ModelStore.builder().listener(new ConsoleProgressBar(mixee.commandLine().getErr())).build();
    return store.resolve(model);
  }

  /** Applies {@code --threads}, then starts the engine to resolve the device and the dtype. */
  public Placement placement() {
    threadSettings().apply();
    return Placement.resolve(DeviceSpec.parse(device), Precision.parse(dtype));
  }

  private ThreadSettings threadSettings() {
    ThreadSettings.Builder b = ThreadSettings.builder();
    if (threads != null) {
      b.numThreads(threads);
    }
    return b.build();
  }
}
