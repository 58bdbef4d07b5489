package dev.llmkit.inference.tfcheckpoint;

import dev.llmkit.inference.proto.ProtoReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A TensorFlow V2 checkpoint ("tensor bundle", <a
 * href="https://github.com/tensorflow/tensorflow/blob/v2.15.0/tensorflow/core/util/tensor_bundle/tensor_bundle.h">tensor_bundle.h</a>)
 * read without TensorFlow: {@code PREFIX.index} is a LevelDB-format table whose key {@code ""}
 * holds a {@code BundleHeaderProto} and whose other keys are tensor names with a {@code
 * BundleEntryProto} each; {@code PREFIX.data-0000K-of-0000N} hold the raw little-endian bytes.
 *
 * <p>Hardened like the safetensors reader: every entry is checked against its data file's length
 * when the bundle opens, and every tensor read is checked against its size and CRC-32C, so a
 * truncated or corrupt checkpoint fails with a {@link TfCheckpointException}, never with a wrong
 * tensor. Only float32 tensors stored whole (not partitioned into slices) are read.
 *
 * <pre>{@code
 * try (TensorBundle bundle = TensorBundle.open(dir.resolve("variables/variables"))) {
 *   float[] kernel = bundle.readFloats("module/bert/pooler/dense/kernel"); // [in, out]
 * }
 * }</pre>
 */
public final class TensorBundle implements AutoCloseable {

  private final Path prefix;
  private final Map<String, BundleEntry> entries;
  private final List<FileChannel> shards;

  private TensorBundle(Path prefix, Map<String, BundleEntry> entries, List<FileChannel> shards) {
    this.prefix = prefix;
    this.entries = entries;
    this.shards = shards;
  }

  /**
   * Opens the bundle with the given prefix ({@code dir/variables/variables} for a SavedModel).
   *
   * @throws TfCheckpointException if the index is corrupt or an entry lies outside its data file
   */
  public static TensorBundle open(Path prefix) {
    Path index = Path.of(prefix + ".index");
    ByteBuffer table;
    try {
      table = ByteBuffer.wrap(Files.readAllBytes(index));
    } catch (IOException e) {
      throw new TfCheckpointException("cannot read " + index + ": " + e.getMessage(), e);
    }
    Map<String, ByteBuffer> raw = SsTable.read(table, index.toString());
    ByteBuffer header = raw.remove("");
    if (header == null) {
      throw new TfCheckpointException(index + ": no bundle header (key \"\")");
    }
    int numShards = numShards(header, index);
    Map<String, BundleEntry> entries = new LinkedHashMap<>();
    raw.forEach((name, value) -> entries.put(name, entry(name, value, numShards, index)));
    List<FileChannel> shards = new ArrayList<>(numShards);
    try {
      for (int k = 0; k < numShards; k++) {
        Path data = Path.of(String.format("%s.data-%05d-of-%05d", prefix, k, numShards));
        shards.add(FileChannel.open(data, StandardOpenOption.READ));
      }
      for (BundleEntry e : entries.values()) {
        long length = shards.get(e.shard()).size();
        if (e.offset() + e.size() > length) {
          throw new TfCheckpointException(
              prefix
                  + ": "
                  + e.name()
                  + " ends at byte "
                  + (e.offset() + e.size())
                  + " but its data file has "
                  + length
                  + " bytes (truncated?)");
        }
      }
    } catch (IOException e) {
      closeAll(shards);
      throw new TfCheckpointException("cannot open the data files of " + prefix + ": " + e, e);
    } catch (RuntimeException e) {
      closeAll(shards);
      throw e;
    }
    return new TensorBundle(prefix, Collections.unmodifiableMap(entries), shards);
  }

  /** Every tensor's entry, by name, in the index's (sorted) order. */
  public Map<String, BundleEntry> entries() {
    return entries;
  }

  /**
   * Reads a float32 tensor, checking its size and CRC-32C.
   *
   * @return the values in row-major order
   * @throws NoSuchElementException if there is no such tensor
   * @throws TfCheckpointException if it is not float32 or its bytes are corrupt
   */
  public float[] readFloats(String name) {
    BundleEntry e = entries.get(name);
    if (e == null) {
      throw new NoSuchElementException(prefix + " has no tensor " + name);
    }
    if (e.dtype() != BundleEntry.DT_FLOAT) {
      throw new TfCheckpointException(
          prefix + ": " + name + " has TensorFlow dtype " + e.dtype() + "; only float32 is read");
    }
    long elements = e.elementCount();
    if (elements * 4 != e.size() || e.size() > Integer.MAX_VALUE) {
      throw new TfCheckpointException(
          prefix + ": " + name + " holds " + e.size() + " bytes for " + elements + " floats");
    }
    ByteBuffer bytes = ByteBuffer.allocate((int) e.size()).order(ByteOrder.LITTLE_ENDIAN);
    try {
      FileChannel channel = shards.get(e.shard());
      long at = e.offset();
      while (bytes.hasRemaining()) {
        int n = channel.read(bytes, at);
        if (n < 0) {
          throw new TfCheckpointException(prefix + ": " + name + " is cut short by end of file");
        }
        at += n;
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot read " + name + " from " + prefix, ex);
    }
    bytes.flip();
    if (Crc32c.masked(bytes) != e.crc32c()) {
      throw new TfCheckpointException(prefix + ": " + name + " fails its CRC-32C check");
    }
    float[] out = new float[(int) elements];
    bytes.asFloatBuffer().get(out);
    return out;
  }

  private static int numShards(ByteBuffer header, Path index) {
    ProtoReader r = new ProtoReader(header, 0, m -> new TfCheckpointException(index + ": " + m));
    int numShards = 0;
    int endianness = 0;
    while (r.hasRemaining()) {
      int tag = r.readTag();
      switch (ProtoReader.field(tag)) {
        case 1 -> numShards = r.readVarintInt("num_shards");
        case 2 -> endianness = r.readVarintInt("endianness");
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    if (endianness != 0) {
      throw new TfCheckpointException(index + ": big-endian bundles are not supported");
    }
    if (numShards < 1 || numShards > 99_999) {
      throw new TfCheckpointException(index + ": invalid shard count " + numShards);
    }
    return numShards;
  }

  private static BundleEntry entry(String name, ByteBuffer value, int numShards, Path index) {
    ProtoReader r =
        new ProtoReader(value, 0, m -> new TfCheckpointException(index + ": " + name + ": " + m));
    int dtype = 0;
    List<Long> dims = new ArrayList<>();
    int shard = 0;
    long offset = 0;
    long size = 0;
    int crc = 0;
    while (r.hasRemaining()) {
      int tag = r.readTag();
      switch (ProtoReader.field(tag)) {
        case 1 -> dtype = r.readVarintInt("dtype");
        case 2 -> readShape(r.readMessage(), dims);
        case 3 -> shard = r.readVarintInt("shard_id");
        case 4 -> offset = r.readVarint();
        case 5 -> size = r.readVarint();
        case 6 -> crc = r.readFixed32();
        case 7 ->
            throw new TfCheckpointException(
                index + ": " + name + " is partitioned into slices, which are not supported");
        default -> r.skip(ProtoReader.wireType(tag));
      }
    }
    if (shard >= numShards || offset < 0 || size < 0) {
      throw new TfCheckpointException(
          index
              + ": "
              + name
              + " has an invalid location (shard "
              + shard
              + ", offset "
              + offset
              + ", size "
              + size
              + ")");
    }
    long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
    return new BundleEntry(name, dtype, shape, shard, offset, size, crc);
  }

  private static void readShape(ProtoReader shape, List<Long> dims) {
    while (shape.hasRemaining()) {
      int tag = shape.readTag();
      if (ProtoReader.field(tag) == 2) {
        ProtoReader dim = shape.readMessage();
        long size = 0;
        while (dim.hasRemaining()) {
          int t = dim.readTag();
          if (ProtoReader.field(t) == 1) {
            size = dim.readVarint();
          } else {
            dim.skip(ProtoReader.wireType(t));
          }
        }
        if (size < 0 || size > Integer.MAX_VALUE) {
          throw new TfCheckpointException("invalid dimension " + size);
        }
        dims.add(size);
      } else {
        shape.skip(ProtoReader.wireType(tag));
      }
    }
  }

  private static void closeAll(List<FileChannel> channels) {
    for (FileChannel c : channels) {
      try {
        c.close();
      } catch (IOException ignored) {
        // closing a read-only channel; nothing to recover
      }
    }
  }

  @Override
  public void close() {
    closeAll(shards);
  }
}
