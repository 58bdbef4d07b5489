package dev.llmkit.inference.tfcheckpoint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes tiny TensorFlow tensor bundles the way TensorFlow's {@code BundleWriter} lays them out (a
 * LevelDB table of {@code BundleEntryProto}s plus one data shard), written here from the format
 * documents so that the reader is tested against an independent writer.
 */
final class TestBundleWriter {

  /** A tensor to write: its dims and float32 values, or raw bytes with another dtype. */
  record Tensor(long[] shape, float[] values, int dtype, byte[] raw, boolean sliced) {
    static Tensor floats(long[] shape, float... values) {
      return new Tensor(shape, values, 1, null, false);
    }
  }

  private final Map<String, Tensor> tensors = new TreeMap<>();

  TestBundleWriter add(String name, Tensor t) {
    tensors.put(name, t);
    return this;
  }

  /** Writes {@code prefix.index} and {@code prefix.data-00000-of-00001}. */
  void write(Path prefix) throws IOException {
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    Map<String, byte[]> entries = new TreeMap<>();
    entries.put("", header());
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      Tensor t = e.getValue();
      byte[] bytes = t.raw != null ? t.raw : floatBytes(t.values);
      long offset = data.size();
      data.write(bytes);
      entries.put(e.getKey(), entry(t, offset, bytes));
    }
    Files.write(Path.of(prefix + ".data-00000-of-00001"), data.toByteArray());
    Files.write(Path.of(prefix + ".index"), table(entries));
  }

  static byte[] floatBytes(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  static int maskedCrc(byte[] bytes, int off, int len) {
    CRC32C c = new CRC32C();
    c.update(bytes, off, len);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }

  private static byte[] header() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    tag(b, 1, 0);
    varint(b, 1); // num_shards
    tag(b, 2, 0);
    varint(b, 0); // LITTLE endian
    byte[] version = {0x08, 0x01}; // VersionDef { producer: 1 }
    tag(b, 3, 2);
    varint(b, version.length);
    b.writeBytes(version);
    return b.toByteArray();
  }

  private static byte[] entry(Tensor t, long offset, byte[] bytes) {
    ByteArrayOutputStream shape = new ByteArrayOutputStream();
    for (long d : t.shape) {
      ByteArrayOutputStream dim = new ByteArrayOutputStream();
      tag(dim, 1, 0);
      varint(dim, d);
      tag(shape, 2, 2);
      varint(shape, dim.size());
      shape.writeBytes(dim.toByteArray());
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    tag(b, 1, 0);
    varint(b, t.dtype);
    tag(b, 2, 2);
    varint(b, shape.size());
    b.writeBytes(shape.toByteArray());
    if (offset > 0) {
      tag(b, 4, 0);
      varint(b, offset);
    }
    tag(b, 5, 0);
    varint(b, bytes.length);
    tag(b, 6, 5);
    int crc = maskedCrc(bytes, 0, bytes.length);
    b.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
    if (t.sliced) {
      tag(b, 7, 2);
      varint(b, 0);
    }
    return b.toByteArray();
  }

  /** One data block with every entry, one index block, a footer. */
  private static byte[] table(Map<String, byte[]> entries) {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    String last = "";
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
      varint(block, 0); // shared prefix: none (restart every entry is valid)
      varint(block, key.length);
      varint(block, e.getValue().length);
      block.writeBytes(key);
      block.writeBytes(e.getValue());
      last = e.getKey();
    }
    long[] dataHandle = writeBlock(file, block);
    ByteArrayOutputStream index = new ByteArrayOutputStream();
    ByteArrayOutputStream handle = new ByteArrayOutputStream();
    varint(handle, dataHandle[0]);
    varint(handle, dataHandle[1]);
    byte[] key = last.getBytes(StandardCharsets.UTF_8);
    varint(index, 0);
    varint(index, key.length);
    varint(index, handle.size());
    index.writeBytes(key);
    index.writeBytes(handle.toByteArray());
    long[] metaHandle = writeBlock(file, new ByteArrayOutputStream());
    long[] indexHandle = writeBlock(file, index);
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    varint(footer, metaHandle[0]);
    varint(footer, metaHandle[1]);
    varint(footer, indexHandle[0]);
    varint(footer, indexHandle[1]);
    while (footer.size() < 40) {
      footer.write(0);
    }
    footer.writeBytes(
        ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0xdb4775248b80fb57L).array());
    file.writeBytes(footer.toByteArray());
    return file.toByteArray();
  }

  /** Appends restarts, the trailer (type 0 + masked CRC) and returns the block handle. */
  private static long[] writeBlock(ByteArrayOutputStream file, ByteArrayOutputStream entries) {
    ByteBuffer restarts = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    restarts.putInt(0).putInt(1);
    byte[] contents = new byte[entries.size() + 8];
    System.arraycopy(entries.toByteArray(), 0, contents, 0, entries.size());
    System.arraycopy(restarts.array(), 0, contents, entries.size(), 8);
    long offset = file.size();
    file.writeBytes(contents);
    byte[] withType = new byte[contents.length + 1];
    System.arraycopy(contents, 0, withType, 0, contents.length);
    int crc = maskedCrc(withType, 0, withType.length);
    file.write(0);
    file.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(crc).array());
    return new long[] {offset, contents.length};
  }

  private static void tag(ByteArrayOutputStream b, int field, int wire) {
    varint(b, ((long) field << 3) | wire);
  }

  private static void varint(ByteArrayOutputStream b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.write((int) v);
  }
}
