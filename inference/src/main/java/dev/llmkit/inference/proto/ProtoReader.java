package dev.llmkit.inference.proto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A bounds-checked reader of the protobuf wire format
 * (https://protobuf.dev/programming-guides/encoding/) over a byte buffer: tags, varints, fixed
 * 32/64-bit values and length-delimited slices. Every length is checked against what remains, so a
 * hostile file ends in the caller's format exception, never an out-of-bounds read. Shared by the
 * ONNX reader and the TensorFlow checkpoint reader.
 */
public final class ProtoReader {

  public static final int VARINT = 0;
  public static final int FIXED64 = 1;
  public static final int LENGTH_DELIMITED = 2;
  public static final int FIXED32 = 5;

  private final ByteBuffer buf;
  private final int base;
  private final Function<String, ? extends RuntimeException> error;

  /**
   * @param buf the message bytes between its position and limit
   * @param base the absolute offset of {@code buf}'s position in the file, for error messages
   * @param error makes the exception thrown for malformed input, from its message
   */
  public ProtoReader(ByteBuffer buf, int base, Function<String, ? extends RuntimeException> error) {
    this.buf = buf.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.base = base;
    this.error = error;
  }

  public boolean hasRemaining() {
    return buf.hasRemaining();
  }

  /** Absolute offset of the next byte, for error messages. */
  public int offset() {
    return base + buf.position();
  }

  /**
   * Reads a field key.
   *
   * @return {@code fieldNumber << 3 | wireType}
   */
  public int readTag() {
    int at = offset();
    long key = readVarint();
    long field = key >>> 3;
    int wire = (int) (key & 7);
    if (field == 0 || field > 0x1FFFFFFFL) {
      throw error.apply("invalid protobuf field number " + field + " at byte " + at);
    }
    if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32) {
      throw error.apply("unsupported protobuf wire type " + wire + " at byte " + at);
    }
    return (int) key;
  }

  public static int field(int tag) {
    return tag >>> 3;
  }

  public static int wireType(int tag) {
    return tag & 7;
  }

  public long readVarint() {
    int at = offset();
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (!buf.hasRemaining()) {
        throw error.apply("truncated varint at byte " + at);
      }
      byte b = buf.get();
      result |= (long) (b & 0x7f) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw error.apply("varint longer than 10 bytes at byte " + at);
  }

  /** A varint that must fit a non-negative int (lengths, enums, dims used as sizes). */
  public int readVarintInt(String what) {
    int at = offset();
    long v = readVarint();
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw error.apply(what + " out of range (" + v + ") at byte " + at);
    }
    return (int) v;
  }

  /** A {@code fixed32} field as its raw 32 bits. */
  public int readFixed32() {
    require(4, "fixed32");
    return buf.getInt();
  }

  public float readFixed32Float() {
    require(4, "fixed32");
    return buf.getFloat();
  }

  /** The bytes of a length-delimited field, as a zero-copy little-endian slice. */
  public ByteBuffer readBytes() {
    int at = offset();
    int length = readVarintInt("length");
    if (length > buf.remaining()) {
      throw error.apply(
          "field at byte "
              + at
              + " claims "
              + length
              + " bytes but only "
              + buf.remaining()
              + " remain (truncated or corrupt file)");
    }
    ByteBuffer slice = buf.slice(buf.position(), length).order(ByteOrder.LITTLE_ENDIAN);
    buf.position(buf.position() + length);
    return slice;
  }

  /** A nested message, positioned at its first byte. */
  public ProtoReader readMessage() {
    ByteBuffer bytes = readBytes();
    return new ProtoReader(bytes, offset() - bytes.remaining(), error);
  }

  public String readString() {
    int at = offset();
    ByteBuffer bytes = readBytes();
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      throw error.apply("invalid UTF-8 string at byte " + at);
    }
  }

  /** Skips a field's value of the given wire type. */
  public void skip(int wireType) {
    switch (wireType) {
      case VARINT -> readVarint();
      case FIXED64 -> {
        require(8, "fixed64");
        buf.position(buf.position() + 8);
      }
      case LENGTH_DELIMITED -> readBytes();
      case FIXED32 -> {
        require(4, "fixed32");
        buf.position(buf.position() + 4);
      }
      default -> throw error.apply("cannot skip wire type " + wireType);
    }
  }

  private void require(int n, String what) {
    if (buf.remaining() < n) {
      throw error.apply("truncated " + what + " at byte " + offset());
    }
  }
}
