package dev.llmkit.inference.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a safetensors file: tensors in name order, a space-padded header aligned to 8 bytes, and
 * an optional {@code __metadata__} map (transformers expects {@code "format": "pt"}).
 *
 * <pre>{@code
 * SafetensorsWriter.create()
 *     .metadata("format", "pt")
 *     .addFloats("classifier.weight", weights, new long[] {9, 768}, SafetensorsDtype.F16)
 *     .write(dir.resolve("model.safetensors"));
 * }</pre>
 *
 * <p>The file is written to a temporary sibling and moved into place, so readers never see half a
 * file. Not thread-safe.
 */
public final class SafetensorsWriter {

  private record Entry(SafetensorsDtype dtype, long[] shape, byte[] data) {}

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final Map<String, Entry> entries = new TreeMap<>();
  private final Map<String, String> metadata = new LinkedHashMap<>();

  private SafetensorsWriter() {}

  /** A new, empty writer. */
  public static SafetensorsWriter create() {
    return new SafetensorsWriter();
  }

  /** Adds one {@code __metadata__} entry. */
  public SafetensorsWriter metadata(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  /** Adds an fp32 tensor. */
  public SafetensorsWriter addFloats(String name, float[] data, long[] shape) {
    return addFloats(name, data, shape, SafetensorsDtype.F32);
  }

  /**
   * Adds a floating-point tensor stored as {@code dtype} (F32, F16 or BF16; rounding to nearest
   * even).
   *
   * @throws IllegalArgumentException on a duplicate name, a size mismatch or another dtype
   */
  public SafetensorsWriter addFloats(
      String name, float[] data, long[] shape, SafetensorsDtype dtype) {
    checkShape(name, data.length, shape);
    ByteBuffer b =
        ByteBuffer.allocate(data.length * dtype.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (dtype) {
      case F32 -> b.asFloatBuffer().put(data);
      case F16 -> {
        for (float v : data) {
          b.putShort(Float16.floatToHalf(v));
        }
      }
      case BF16 -> {
        for (float v : data) {
          b.putShort(floatToBfloat16(v));
        }
      }
      default -> throw new IllegalArgumentException("cannot write floats as " + dtype);
    }
    return put(name, new Entry(dtype, shape.clone(), b.array()));
  }

  /** Adds an I64 tensor. */
  public SafetensorsWriter addLongs(String name, long[] data, long[] shape) {
    checkShape(name, data.length, shape);
    ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    b.asLongBuffer().put(data);
    return put(name, new Entry(SafetensorsDtype.I64, shape.clone(), b.array()));
  }

  /** Adds an I8 tensor (one signed byte per element, as stored). */
  public SafetensorsWriter addInt8(String name, byte[] data, long[] shape) {
    checkShape(name, data.length, shape);
    return put(name, new Entry(SafetensorsDtype.I8, shape.clone(), data.clone()));
  }

  /**
   * Adds an array: floating-point arrays are written as {@code floatDtype} (F32/F16/BF16), INT64
   * and INT32 arrays as I64. The array is copied now.
   */
  public SafetensorsWriter addArray(String name, NDArray array, SafetensorsDtype floatDtype) {
    long[] shape = array.getShape().getShape();
    DataType type = array.getDataType();
    if (type.isFloating()) {
      float[] values =
          type == DataType.FLOAT32
              ? array.toFloatArray()
              : array.toType(DataType.FLOAT32, false).toFloatArray();
      return addFloats(name, values, shape, floatDtype);
    }
    if (type == DataType.INT64 || type == DataType.INT32) {
      return addLongs(name, array.toType(DataType.INT64, false).toLongArray(), shape);
    }
    throw new IllegalArgumentException("cannot write " + name + " of type " + type);
  }

  /** Number of tensors added so far. */
  public int size() {
    return entries.size();
  }

  /**
   * Writes the file atomically.
   *
   * @throws SafetensorsException if it cannot be written
   */
  public void write(Path file) {
    ObjectNode header = MAPPER.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject(SafetensorsHeader.METADATA_KEY);
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, Entry> e : entries.entrySet()) {
      Entry t = e.getValue();
      ObjectNode node = header.putObject(e.getKey());
      node.put("dtype", t.dtype().name());
      var shape = node.putArray("shape");
      Arrays.stream(t.shape()).forEach(shape::add);
      node.putArray("data_offsets").add(offset).add(offset + t.data().length);
      offset += t.data().length;
    }
    byte[] json;
    try {
      json = MAPPER.writeValueAsBytes(header);
    } catch (IOException e) {
      throw new SafetensorsException(file, null, "cannot serialise header", e);
    }
    int padded = (json.length + 7) & ~7; // data starts 8-byte aligned
    byte[] headerBytes = Arrays.copyOf(json, padded);
    Arrays.fill(headerBytes, json.length, padded, (byte) ' ');

    Path absolute = file.toAbsolutePath();
    Path tmp = null;
    try {
      Files.createDirectories(absolute.getParent());
      tmp = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".tmp");
      try (OutputStream out = Files.newOutputStream(tmp)) {
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
        out.write(headerBytes);
        for (Entry t : entries.values()) {
          out.write(t.data());
        }
      }
      move(tmp, absolute);
    } catch (IOException e) {
      throw new SafetensorsException(file, null, "cannot write: " + e.getMessage(), e);
    } finally {
      deleteQuietly(tmp);
    }
  }

  private SafetensorsWriter put(String name, Entry entry) {
    if (name == null || name.isEmpty() || name.equals(SafetensorsHeader.METADATA_KEY)) {
      throw new IllegalArgumentException("invalid tensor name: '" + name + "'");
    }
    if (entries.putIfAbsent(name, entry) != null) {
      throw new IllegalArgumentException("duplicate tensor name: " + name);
    }
    return this;
  }

  private static void checkShape(String name, int length, long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(name + ": negative dimension in shape");
      }
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException(
          name + ": shape " + Arrays.toString(shape) + " needs " + n + " values, got " + length);
    }
  }

  /** Round to nearest even; NaN stays NaN. */
  static short floatToBfloat16(float v) {
    int bits = Float.floatToRawIntBits(v);
    if (Float.isNaN(v)) {
      return (short) ((bits >>> 16) | 0x40);
    }
    int rounding = 0x7fff + ((bits >>> 16) & 1);
    return (short) ((bits + rounding) >>> 16);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void deleteQuietly(Path tmp) {
    if (tmp != null) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // best effort: the temp file is named after the target and harmless
      }
    }
  }

  /** For error messages and debugging. */
  @Override
  public String toString() {
    return "SafetensorsWriter[" + entries.size() + " tensors, metadata=" + metadata + "]";
  }
}
