package dev.llmkit.inference.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;

/**
 * Read access to named tensors of a checkpoint: one safetensors file ({@link SafetensorsFile}) or a
 * sharded set of them ({@link ShardedSafetensors}). Open one with {@link Safetensors#open(Path)}.
 *
 * <p>Floating-point tensors of any stored precision (F64, F32, F16, BF16, F8) are returned as fp32;
 * the conversion happens in Java, so no BFLOAT16 array ever reaches the native engine.
 */
public interface TensorReader extends AutoCloseable {

  /** The file or directory this reader was opened from. */
  Path path();

  /** All tensor names, sorted. */
  SortedSet<String> names();

  /** The header entry of a tensor, if present. */
  Optional<TensorInfo> info(String name);

  /** The {@code __metadata__} map (empty if absent; merged over shards). */
  Map<String, String> metadata();

  /**
   * The header entry of a tensor.
   *
   * @throws SafetensorsException if there is no such tensor
   */
  default TensorInfo require(String name) {
    return info(name)
        .orElseThrow(() -> new SafetensorsException(path(), name, "no such tensor in checkpoint"));
  }

  /** Whether the checkpoint has a tensor of that name. */
  default boolean contains(String name) {
    return info(name).isPresent();
  }

  /**
   * Reads a floating-point tensor as fp32 values in row-major order.
   *
   * @throws SafetensorsException if the tensor is missing, not floating point, or unreadable
   */
  float[] readFloats(String name);

  /**
   * Reads an integer or boolean tensor as longs in row-major order.
   *
   * @throws SafetensorsException if the tensor is missing, floating point, or unreadable
   */
  long[] readLongs(String name);

  /**
   * Reads a tensor into a new array owned by {@code manager}. Floating-point tensors become
   * FLOAT32; I64, I32, I8, U8 and BOOL keep their type; I16 and U16 widen to INT32, U32 and U64 to
   * INT64. The array is named after the tensor.
   *
   * @throws SafetensorsException if the tensor is missing or unreadable
   */
  NDArray read(String name, NDManager manager);

  /** Releases file handles. Arrays already read stay valid. */
  @Override
  void close();
}
