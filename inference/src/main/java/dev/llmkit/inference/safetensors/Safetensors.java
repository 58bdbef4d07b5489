package dev.llmkit.inference.safetensors;

import java.nio.file.Files;
import java.nio.file.Path;

/** Entry point: opens a checkpoint from a file, an index, or a Hugging Face model directory. */
public final class Safetensors {

  /** The conventional single-file checkpoint name. */
  public static final String MODEL_FILE = "model.safetensors";

  private Safetensors() {}

  /**
   * Opens {@code path}: a {@code .safetensors} file, a {@code *.index.json}, or a directory holding
   * {@value ShardedSafetensors#INDEX_FILE} or {@value #MODEL_FILE} (the index wins, as in
   * transformers).
   *
   * @throws SafetensorsException if nothing loadable is there or it is corrupt
   */
  public static TensorReader open(Path path) {
    if (Files.isDirectory(path)) {
      Path index = path.resolve(ShardedSafetensors.INDEX_FILE);
      if (Files.isRegularFile(index)) {
        return ShardedSafetensors.open(index);
      }
      Path single = path.resolve(MODEL_FILE);
      if (Files.isRegularFile(single)) {
        return SafetensorsFile.open(single);
      }
      throw new SafetensorsException(
          path,
          null,
          "directory has neither " + MODEL_FILE + " nor " + ShardedSafetensors.INDEX_FILE);
    }
    if (path.getFileName() != null && path.getFileName().toString().endsWith(".index.json")) {
      return ShardedSafetensors.open(path);
    }
    return SafetensorsFile.open(path);
  }
}
