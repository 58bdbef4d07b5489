package dev.llmkit.inference.safetensors;

/** Conversions between fp32 and the 16- and 8-bit float formats, done in Java. */
public final class Float16 {

  private Float16() {}

  /** IEEE 754 binary16 bits to float (exact). */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) { // inf / NaN
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      // zero or subnormal: mant * 2^-24, exact in fp32
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }

  /** Float to IEEE 754 binary16 bits, rounding to nearest even; overflow gives infinity. */
  public static short floatToHalf(float value) {
    int f = Float.floatToRawIntBits(value);
    int sign = (f >>> 16) & 0x8000;
    int exp = (f >>> 23) & 0xff;
    int mant = f & 0x7fffff;
    if (exp == 0xff) { // inf / NaN (keep NaN quiet and non-zero)
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
    }
    int e = exp - 127 + 15; // re-biased exponent
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    if (e <= 0) { // subnormal half or zero
      if (e < -10) {
        return (short) sign;
      }
      int m = mant | 0x800000; // implicit leading one
      int shift = 14 - e; // 24-bit significand down to the 2^-24 grid
      int half = m >>> shift;
      int rem = m & ((1 << shift) - 1);
      int midpoint = 1 << (shift - 1);
      if (rem > midpoint || (rem == midpoint && (half & 1) != 0)) {
        half++;
      }
      return (short) (sign | half);
    }
    int half = (e << 10) | (mant >>> 13);
    int rem = mant & 0x1fff;
    if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) {
      half++; // may carry into the exponent, up to infinity: still correct
    }
    return (short) (sign | half);
  }

  /** bfloat16 bits to float (exact: bf16 is the top half of fp32). */
  public static float bfloat16ToFloat(short bits) {
    return Float.intBitsToFloat((bits & 0xffff) << 16);
  }

  /** float8 e5m2 bits to float: the top byte of a binary16. */
  public static float e5m2ToFloat(byte bits) {
    return halfToFloat((short) ((bits & 0xff) << 8));
  }

  /** float8 e4m3fn bits to float (bias 7, no infinities, S.1111.111 is NaN). */
  public static float e4m3ToFloat(byte bits) {
    int b = bits & 0xff;
    boolean negative = (b & 0x80) != 0;
    int exp = (b >>> 3) & 0xf;
    int mant = b & 0x7;
    float v;
    if (exp == 0xf && mant == 0x7) {
      v = Float.NaN;
    } else if (exp == 0) {
      v = mant * 0x1p-9f; // subnormal: mant/8 * 2^-6
    } else {
      v = (1f + mant / 8f) * (float) Math.scalb(1.0, exp - 7);
    }
    return negative ? -v : v;
  }
}
