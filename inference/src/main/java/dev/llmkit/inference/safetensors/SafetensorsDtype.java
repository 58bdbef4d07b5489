package dev.llmkit.inference.safetensors;

import java.util.Optional;

/**
 * Element types of the safetensors format, with their size in bytes. Names are spelled as in the
 * file header ({@code "F32"}, {@code "BF16"}, ...).
 */
public enum SafetensorsDtype {
  BOOL(1),
  U8(1),
  I8(1),
  F8_E4M3(1),
  F8_E5M2(1),
  I16(2),
  U16(2),
  F16(2),
  BF16(2),
  I32(4),
  U32(4),
  F32(4),
  I64(8),
  U64(8),
  F64(8);

  private final int byteSize;

  SafetensorsDtype(int byteSize) {
    this.byteSize = byteSize;
  }

  /** Bytes per element. */
  public int byteSize() {
    return byteSize;
  }

  /** Whether values of this type read as floating point (and are converted to fp32). */
  public boolean isFloatingPoint() {
    return switch (this) {
      case F16, BF16, F32, F64, F8_E4M3, F8_E5M2 -> true;
      default -> false;
    };
  }

  /** Parses a header spelling such as {@code "F32"}; empty if unknown. */
  public static Optional<SafetensorsDtype> parse(String name) {
    for (SafetensorsDtype d : values()) {
      if (d.name().equals(name)) {
        return Optional.of(d);
      }
    }
    return Optional.empty();
  }
}
