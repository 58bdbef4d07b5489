package dev.llmkit.inference.tfcheckpoint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads an uncompressed LevelDB-format table, the container of a TensorFlow checkpoint's {@code
 * .index} file (<a
 * href="https://github.com/google/leveldb/blob/main/doc/table_format.md">table_format.md</a>): a
 * footer pointing at an index block, whose entries point at data blocks of prefix-compressed
 * key/value entries. Every block's masked CRC-32C is checked and every length is bounds-checked, so
 * a corrupt file fails with a {@link TfCheckpointException}, never with a wrong entry.
 */
final class SsTable {

  static final long MAGIC = 0xdb4775248b80fb57L;
  private static final int FOOTER_LENGTH = 48;
  private static final int TRAILER_LENGTH = 5;
  private static final int NO_COMPRESSION = 0;

  private final ByteBuffer file;
  private final String fileName;

  private SsTable(ByteBuffer file, String fileName) {
    this.file = file.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.fileName = fileName;
  }

  /**
   * All entries of the table, in key order.
   *
   * @param file the whole table file
   * @param fileName for error messages
   * @return key to value (each value a read-only slice of {@code file})
   */
  static Map<String, ByteBuffer> read(ByteBuffer file, String fileName) {
    return new SsTable(file, fileName).entries();
  }

  private Map<String, ByteBuffer> entries() {
    if (file.remaining() < FOOTER_LENGTH) {
      throw corrupt("shorter than a table footer (" + file.remaining() + " bytes)");
    }
    int footerAt = file.limit() - FOOTER_LENGTH;
    if (file.getLong(file.limit() - 8) != MAGIC) {
      throw corrupt("no table magic number: not a TensorFlow checkpoint index, or truncated");
    }
    ByteBuffer footer = file.slice(footerAt, FOOTER_LENGTH - 8).order(ByteOrder.LITTLE_ENDIAN);
    readHandle(footer); // the metaindex block: unused by checkpoints
    long[] index = readHandle(footer);
    Map<String, ByteBuffer> result = new LinkedHashMap<>();
    for (ByteBuffer handle : block(index, "index block").values()) {
      long[] data = readHandle(handle);
      result.putAll(block(data, "data block at " + data[0]));
    }
    return result;
  }

  /** Decodes one block's entries after checking its trailer. */
  private Map<String, ByteBuffer> block(long[] handle, String what) {
    long offset = handle[0];
    long size = handle[1];
    if (offset < 0 || size < 4 || offset + size + TRAILER_LENGTH > file.limit()) {
      throw corrupt(what + " (" + size + " bytes at " + offset + ") lies outside the file");
    }
    ByteBuffer contents = file.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
    int type = file.get((int) (offset + size)) & 0xff;
    if (type != NO_COMPRESSION) {
      throw corrupt(what + " is compressed (type " + type + "); only uncompressed tables are read");
    }
    int stored = file.getInt((int) (offset + size + 1));
    int actual = Crc32c.masked(file.slice((int) offset, (int) size + 1));
    if (stored != actual) {
      throw corrupt(what + " fails its CRC-32C check");
    }
    int restarts = contents.getInt((int) size - 4);
    long restartBytes = 4L * restarts + 4;
    if (restarts < 0 || restartBytes > size) {
      throw corrupt(what + " has an invalid restart count " + restarts);
    }
    ByteBuffer entries = contents.slice(0, (int) (size - restartBytes));
    Map<String, ByteBuffer> out = new LinkedHashMap<>();
    byte[] key = new byte[0];
    while (entries.hasRemaining()) {
      int shared = varint32(entries, what);
      int unshared = varint32(entries, what);
      int valueLength = varint32(entries, what);
      if (shared > key.length || (long) unshared + valueLength > entries.remaining()) {
        throw corrupt(what + " has an entry that overruns the block");
      }
      byte[] next = new byte[shared + unshared];
      System.arraycopy(key, 0, next, 0, shared);
      entries.get(next, shared, unshared);
      key = next;
      ByteBuffer value = entries.slice(entries.position(), valueLength).asReadOnlyBuffer();
      entries.position(entries.position() + valueLength);
      out.put(new String(key, StandardCharsets.UTF_8), value.order(ByteOrder.LITTLE_ENDIAN));
    }
    return out;
  }

  private long[] readHandle(ByteBuffer b) {
    return new long[] {varint64(b, "block handle"), varint64(b, "block handle")};
  }

  private int varint32(ByteBuffer b, String what) {
    long v = varint64(b, what);
    if (v > Integer.MAX_VALUE) {
      throw corrupt(what + " has a length out of range (" + v + ")");
    }
    return (int) v;
  }

  private long varint64(ByteBuffer b, String what) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!b.hasRemaining()) {
        throw corrupt(what + " ends inside a varint");
      }
      byte x = b.get();
      result |= (long) (x & 0x7f) << shift;
      if (x >= 0) {
        if (result < 0) {
          throw corrupt(what + " has a negative varint");
        }
        return result;
      }
    }
    throw corrupt(what + " has a varint longer than 10 bytes");
  }

  private TfCheckpointException corrupt(String message) {
    return new TfCheckpointException(fileName + ": " + message);
  }
}
