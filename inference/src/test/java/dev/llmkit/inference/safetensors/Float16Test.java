package dev.llmkit.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bit patterns from the IEEE 754 binary16 tables (e.g. Wikipedia "Half-precision"). */
class Float16Test {

  @Test
  void knownHalfBitPatternsDecode() {
    assertThat(Float16.halfToFloat((short) 0x3c00)).isEqualTo(1f);
    assertThat(Float16.halfToFloat((short) 0xc000)).isEqualTo(-2f);
    assertThat(Float16.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
    assertThat(Float16.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
    assertThat(Float16.halfToFloat((short) 0x03ff)).isEqualTo(1023 * 0x1p-24f);
    assertThat(Float16.halfToFloat((short) 0x0400)).isEqualTo(0x1p-14f);
    assertThat(Float16.halfToFloat((short) 0x3555)).isEqualTo(0.333251953125f);
    assertThat(Float16.halfToFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(Float16.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
    assertThat(Float16.halfToFloat((short) 0x7e00)).isNaN();
    assertThat(Float.floatToRawIntBits(Float16.halfToFloat((short) 0x8000))).isEqualTo(0x80000000);
  }

  @Test
  void halfEncodingRoundsToNearestEven() {
    assertThat(Float16.floatToHalf(1f)).isEqualTo((short) 0x3c00);
    assertThat(Float16.floatToHalf(65504f)).isEqualTo((short) 0x7bff);
    assertThat(Float16.floatToHalf(65520f)).isEqualTo((short) 0x7c00); // halfway -> even = inf
    assertThat(Float16.floatToHalf(1e6f)).isEqualTo((short) 0x7c00);
    assertThat(Float16.floatToHalf(0.1f)).isEqualTo((short) 0x2e66);
    assertThat(Float16.floatToHalf(1f / 3)).isEqualTo((short) 0x3555);
    // 1 + 2^-11 is exactly between 0x3c00 and 0x3c01: ties go to the even 0x3c00
    assertThat(Float16.floatToHalf(1f + 0x1p-11f)).isEqualTo((short) 0x3c00);
    assertThat(Float16.floatToHalf(1f + 3 * 0x1p-11f)).isEqualTo((short) 0x3c02);
    assertThat(Float16.floatToHalf(0x1p-24f)).isEqualTo((short) 0x0001);
    assertThat(Float16.floatToHalf(0x1p-25f)).isEqualTo((short) 0x0000); // tie -> even 0
    assertThat(Float16.floatToHalf(0x1.8p-25f)).isEqualTo((short) 0x0001);
    assertThat(Float16.floatToHalf(-0f)).isEqualTo((short) 0x8000);
    assertThat(Float16.floatToHalf(Float.NaN) & 0x7c00).isEqualTo(0x7c00);
    assertThat(Float16.floatToHalf(Float.NaN) & 0x03ff).isNotZero();
  }

  @Test
  void everyHalfValueSurvivesARoundTrip() {
    for (int bits = 0; bits < 0x10000; bits++) {
      float f = Float16.halfToFloat((short) bits);
      if (!Float.isNaN(f)) {
        assertThat(Float16.floatToHalf(f) & 0xffff).as("bits %04x", bits).isEqualTo(bits);
      }
    }
  }

  @Test
  void bfloat16AndFloat8Decode() {
    assertThat(Float16.bfloat16ToFloat((short) 0x3f80)).isEqualTo(1f);
    assertThat(Float16.bfloat16ToFloat((short) 0xc0a0)).isEqualTo(-5f);
    assertThat(SafetensorsWriter.floatToBfloat16(1f)).isEqualTo((short) 0x3f80);
    assertThat(SafetensorsWriter.floatToBfloat16(0.1f)).isEqualTo((short) 0x3dcd);
    // e4m3fn: 0x38 = 0.0111.000 = 1.0; 0x7e = 448 (largest); 0x01 = 2^-9; 0x7f NaN
    assertThat(Float16.e4m3ToFloat((byte) 0x38)).isEqualTo(1f);
    assertThat(Float16.e4m3ToFloat((byte) 0x7e)).isEqualTo(448f);
    assertThat(Float16.e4m3ToFloat((byte) 0x01)).isEqualTo(0x1p-9f);
    assertThat(Float16.e4m3ToFloat((byte) 0xb8)).isEqualTo(-1f);
    assertThat(Float16.e4m3ToFloat((byte) 0x7f)).isNaN();
    // e5m2: 0x3c = 1.0; 0x7b = 57344 (largest)
    assertThat(Float16.e5m2ToFloat((byte) 0x3c)).isEqualTo(1f);
    assertThat(Float16.e5m2ToFloat((byte) 0x7b)).isEqualTo(57344f);
  }
}
