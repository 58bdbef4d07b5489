package dev.llmkit.inference.tfcheckpoint;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/** CRC-32C with LevelDB's and TensorFlow's masking ({@code crc32c::Mask}). */
final class Crc32c {

  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /** The masked CRC-32C of the buffer's remaining bytes; the buffer's position is unchanged. */
  static int masked(ByteBuffer bytes) {
    return mask(value(bytes));
  }

  /** The plain CRC-32C of the buffer's remaining bytes; the buffer's position is unchanged. */
  static int value(ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes.duplicate());
    return (int) crc.getValue();
  }

  /** Rotates right by 15 bits and adds a constant, so a CRC of data holding CRCs stays strong. */
  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
