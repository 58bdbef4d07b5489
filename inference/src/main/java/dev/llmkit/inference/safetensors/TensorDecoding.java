package dev.llmkit.inference.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes little-endian tensor bytes into Java arrays; all float formats widen to fp32. */
final class TensorDecoding {

  private TensorDecoding() {}

  static float[] toFloats(TensorInfo t, ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(t.elementCount());
    float[] out = new float[n];
    switch (t.dtype()) {
      case F32 -> b.asFloatBuffer().get(out);
      case F64 -> {
        var d = b.asDoubleBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = (float) d.get(i);
        }
      }
      case F16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = Float16.halfToFloat(s.get(i));
        }
      }
      case BF16 -> {
        var s = b.asShortBuffer();
        for (int i = 0; i < n; i++) {
          out[i] = Float16.bfloat16ToFloat(s.get(i));
        }
      }
      case F8_E4M3 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float16.e4m3ToFloat(b.get(i));
        }
      }
      case F8_E5M2 -> {
        for (int i = 0; i < n; i++) {
          out[i] = Float16.e5m2ToFloat(b.get(i));
        }
      }
      default -> throw new IllegalArgumentException("not a float dtype: " + t.dtype());
    }
    return out;
  }

  /** Integer and boolean tensors as longs; U64 values above {@code Long.MAX_VALUE} are refused. */
  static long[] toLongs(TensorInfo t, ByteBuffer bytes) {
    ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = Math.toIntExact(t.elementCount());
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] =
          switch (t.dtype()) {
            case BOOL, U8 -> b.get(i) & 0xffL;
            case I8 -> b.get(i);
            case I16 -> b.getShort(2 * i);
            case U16 -> b.getShort(2 * i) & 0xffffL;
            case I32 -> b.getInt(4 * i);
            case U32 -> b.getInt(4 * i) & 0xffffffffL;
            case I64 -> b.getLong(8 * i);
            case U64 -> {
              long v = b.getLong(8 * i);
              if (v < 0) {
                throw new ArithmeticException(
                    "U64 value " + Long.toUnsignedString(v) + " does not fit a signed long");
              }
              yield v;
            }
            default -> throw new IllegalArgumentException("not an integer dtype: " + t.dtype());
          };
    }
    return out;
  }

  static int[] toInts(ByteBuffer bytes) {
    var ints = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
    int[] out = new int[ints.remaining()];
    ints.get(out);
    return out;
  }

  /** I16 / U16 widened to int. */
  static int[] toInts(TensorInfo t, ByteBuffer bytes) {
    var s = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
    int[] out = new int[s.remaining()];
    boolean unsigned = t.dtype() == SafetensorsDtype.U16;
    for (int i = 0; i < out.length; i++) {
      out[i] = unsigned ? s.get(i) & 0xffff : s.get(i);
    }
    return out;
  }

  static byte[] toBytes(ByteBuffer bytes) {
    byte[] out = new byte[bytes.remaining()];
    bytes.duplicate().get(out);
    return out;
  }

  static boolean[] toBooleans(ByteBuffer bytes) {
    byte[] raw = toBytes(bytes);
    boolean[] out = new boolean[raw.length];
    for (int i = 0; i < raw.length; i++) {
      out[i] = raw[i] != 0;
    }
    return out;
  }
}
