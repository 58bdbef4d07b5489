package dev.llmkit.inference.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One memory-mapped safetensors file: an 8-byte little-endian header length, a JSON header, then
 * the raw little-endian tensor data (<a
 * href="https://github.com/huggingface/safetensors">format</a>).
 *
 * <p>Hardened against hostile input: the header length is capped ({@link #DEFAULT_MAX_HEADER_BYTES}
 * by default), the header is fully validated before any data is touched (see {@link
 * SafetensorsHeader}), every tensor's bytes lie inside the file, and only the bytes of the tensor
 * being read are mapped. Anything wrong surfaces as a {@link SafetensorsException} naming the file
 * and tensor.
 *
 * <pre>{@code
 * try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
 *   NDArray w = st.read("bert.embeddings.word_embeddings.weight", manager); // fp32
 * }
 * }</pre>
 */
public final class SafetensorsFile implements TensorReader {

  /** Default cap on the JSON header size: 100 MB, as in the reference implementation. */
  public static final long DEFAULT_MAX_HEADER_BYTES = 100_000_000L;

  /** Largest tensor read at once: Java arrays and mapped buffers are int-indexed. */
  private static final long MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8L;

  private final Path path;
  private final FileChannel channel;
  private final long dataStart;
  private final long fileSize;
  private final SafetensorsHeader header;

  private SafetensorsFile(
      Path path, FileChannel channel, long dataStart, long fileSize, SafetensorsHeader header) {
    this.path = path;
    this.channel = channel;
    this.dataStart = dataStart;
    this.fileSize = fileSize;
    this.header = header;
  }

  /** Opens and validates {@code file} with the default header size limit. */
  public static SafetensorsFile open(Path file) {
    return open(file, DEFAULT_MAX_HEADER_BYTES);
  }

  /**
   * Opens and validates {@code file}.
   *
   * @param maxHeaderBytes largest JSON header accepted
   * @throws SafetensorsException if the file is missing, unreadable, truncated or corrupt
   */
  public static SafetensorsFile open(Path file, long maxHeaderBytes) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new SafetensorsException(file, null, "file not found", e);
    } catch (IOException e) {
      throw new SafetensorsException(file, null, "cannot open: " + e.getMessage(), e);
    }
    try {
      long size = channel.size();
      if (size < 8) {
        throw new SafetensorsException(
            file,
            null,
            "file truncated: " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.getLong(0); // u64: negative means > 2^63
      if (headerLength < 0 || headerLength > maxHeaderBytes) {
        throw new SafetensorsException(
            file,
            null,
            "header length "
                + Long.toUnsignedString(headerLength)
                + " exceeds the limit of "
                + maxHeaderBytes
                + " bytes");
      }
      if (headerLength > size - 8) {
        throw new SafetensorsException(
            file,
            null,
            "file truncated: header length " + headerLength + " but only " + (size - 8) + " bytes");
      }
      ByteBuffer json = ByteBuffer.allocate((int) headerLength);
      readFully(channel, json, 8);
      long dataStart = 8 + headerLength;
      SafetensorsHeader header = SafetensorsHeader.parse(file, json.array(), size - dataStart);
      return new SafetensorsFile(file, channel, dataStart, size, header);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SafetensorsException(file, null, "cannot read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  @Override
  public Path path() {
    return path;
  }

  @Override
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(header.tensors().keySet()));
  }

  @Override
  public Optional<TensorInfo> info(String name) {
    return Optional.ofNullable(header.tensors().get(name));
  }

  @Override
  public Map<String, String> metadata() {
    return header.metadata();
  }

  @Override
  public float[] readFloats(String name) {
    TensorInfo t = require(name);
    if (!t.dtype().isFloatingPoint()) {
      throw new SafetensorsException(path, name, "dtype " + t.dtype() + " is not floating point");
    }
    return decode(t, bytes -> TensorDecoding.toFloats(t, bytes));
  }

  @Override
  public long[] readLongs(String name) {
    TensorInfo t = require(name);
    if (t.dtype().isFloatingPoint()) {
      throw new SafetensorsException(path, name, "dtype " + t.dtype() + " is not an integer type");
    }
    return decode(t, bytes -> TensorDecoding.toLongs(t, bytes));
  }

  /**
   * Reads an I8 tensor as its stored bytes in row-major order (a quarter of the memory of {@link
   * #readLongs}).
   *
   * @throws SafetensorsException if the tensor is missing or not I8
   */
  public byte[] readInt8(String name) {
    TensorInfo t = require(name);
    if (t.dtype() != SafetensorsDtype.I8) {
      throw new SafetensorsException(path, name, "dtype " + t.dtype() + " is not I8");
    }
    return decode(t, TensorDecoding::toBytes);
  }

  @Override
  public NDArray read(String name, NDManager manager) {
    TensorInfo t = require(name);
    Shape shape = t.djlShape();
    NDArray array;
    if (t.dtype().isFloatingPoint()) {
      array = manager.create(readFloats(name), shape);
    } else {
      array =
          switch (t.dtype()) {
            case I32 -> {
              int[] v = decode(t, TensorDecoding::toInts);
              yield manager.create(v, shape);
            }
            case I8 -> manager.create(decode(t, TensorDecoding::toBytes), shape);
            case U8 ->
                manager.create(decode(t, SafetensorsFile::directCopy), shape, DataType.UINT8);
            case BOOL -> manager.create(decode(t, TensorDecoding::toBooleans), shape);
            case I16, U16 -> {
              int[] v = decode(t, b -> TensorDecoding.toInts(t, b));
              yield manager.create(v, shape);
            }
            default -> manager.create(readLongs(name), shape);
          };
    }
    array.setName(name);
    return array;
  }

  /**
   * Maps the tensor and decodes it. A mapped file truncated by someone else between our size check
   * and the copy raises {@link InternalError} (SIGBUS turned into an exception by the JVM): report
   * it as corrupt input rather than let it escape.
   */
  private <T> T decode(TensorInfo t, Function<ByteBuffer, T> decoder) {
    ByteBuffer bytes = map(t);
    try {
      return decoder.apply(bytes);
    } catch (ArithmeticException e) {
      throw new SafetensorsException(path, t.name(), e.getMessage(), e);
    } catch (InternalError e) {
      throw new SafetensorsException(path, t.name(), "file changed while reading", e);
    }
  }

  /** Maps exactly the bytes of one tensor, read-only, little-endian. */
  private ByteBuffer map(TensorInfo t) {
    if (t.byteLength() > MAX_TENSOR_BYTES) {
      throw new SafetensorsException(
          path, t.name(), "tensor of " + t.byteLength() + " bytes is too large to read at once");
    }
    try {
      // The header was checked against the size at open; re-check in case the file shrank since.
      if (channel.size() < fileSize) {
        throw new SafetensorsException(path, t.name(), "file was truncated after it was opened");
      }
      if (t.byteLength() == 0) {
        return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
      }
      MappedByteBuffer mapped =
          channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteLength());
      return mapped.order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw new SafetensorsException(path, t.name(), "cannot map: " + e.getMessage(), e);
    }
  }

  private static ByteBuffer directCopy(ByteBuffer bytes) {
    ByteBuffer copy = ByteBuffer.allocateDirect(bytes.remaining()).order(ByteOrder.nativeOrder());
    copy.put(bytes.duplicate()).flip();
    return copy;
  }

  private static void readFully(FileChannel channel, ByteBuffer dst, long position)
      throws IOException {
    long pos = position;
    while (dst.hasRemaining()) {
      int n = channel.read(dst, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // already failing; the original error is more useful
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  @Override
  public String toString() {
    return "SafetensorsFile[" + path + ", " + header.tensors().size() + " tensors]";
  }
}
