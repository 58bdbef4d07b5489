package dev.llmkit.inference.safetensors;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A safetensors file or index is missing, truncated, corrupt or does not match what the caller
 * expects. The message always names the file and, where one is involved, the tensor.
 */
public final class SafetensorsException extends RuntimeException {

  private final transient Path file;
  private final String tensor;

  /**
   * @param file the file being read or written (may be {@code null} if unknown)
   * @param tensor the tensor involved, or {@code null}
   * @param message what is wrong
   * @param cause the underlying error, or {@code null}
   */
  public SafetensorsException(Path file, String tensor, String message, Throwable cause) {
    super(format(file, tensor, message), cause);
    this.file = file;
    this.tensor = tensor;
  }

  /** Same as {@link #SafetensorsException(Path, String, String, Throwable)} without a cause. */
  public SafetensorsException(Path file, String tensor, String message) {
    this(file, tensor, message, null);
  }

  /** The file that was being read or written, if known. */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  /** The tensor that was involved, if any. */
  public Optional<String> tensor() {
    return Optional.ofNullable(tensor);
  }

  private static String format(Path file, String tensor, String message) {
    StringBuilder sb = new StringBuilder();
    sb.append(file == null ? "<unknown file>" : file.toString());
    if (tensor != null) {
      sb.append(", tensor '").append(abbreviate(tensor)).append('\'');
    }
    return sb.append(": ").append(message).toString();
  }

  /** Hostile files may carry megabyte-long names: keep messages readable. */
  static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...(" + s.length() + " chars)";
  }
}
