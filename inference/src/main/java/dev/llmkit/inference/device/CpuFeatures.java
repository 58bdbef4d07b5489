package dev.llmkit.inference.device;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Instruction-set features of the CPU, as Linux lists them in {@code /proc/cpuinfo}. Elsewhere (or
 * when the file cannot be read) no feature is reported.
 *
 * @param flags the {@code flags} of the first processor
 */
public record CpuFeatures(Set<String> flags) {

  private static final Path CPUINFO = Path.of("/proc/cpuinfo");
  private static volatile CpuFeatures host;

  /** Copies the flags. */
  public CpuFeatures {
    flags = Set.copyOf(flags);
  }

  /** This machine's features, read once. */
  public static CpuFeatures host() {
    CpuFeatures h = host;
    if (h == null) {
      h = read(CPUINFO);
      host = h;
    }
    return h;
  }

  /** The features listed in a {@code cpuinfo} file; none when it cannot be read. */
  static CpuFeatures read(Path cpuinfo) {
    try {
      return parse(Files.readString(cpuinfo));
    } catch (IOException | SecurityException e) {
      return new CpuFeatures(Set.of());
    }
  }

  /** The flags of the first {@code flags : ...} line of {@code cpuinfo} text. */
  static CpuFeatures parse(String cpuinfo) {
    return cpuinfo
        .lines()
        .filter(l -> l.startsWith("flags") && l.contains(":"))
        .findFirst()
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .map(f -> Arrays.stream(f.split("\\s+")).collect(Collectors.toSet()))
        .map(CpuFeatures::new)
        .orElseGet(() -> new CpuFeatures(Set.of()));
  }

  /**
   * Whether the CPU computes bfloat16 products natively (AVX-512 BF16 or AMX): oneDNN's bfloat16
   * kernels then beat float32; without them it emulates bfloat16, slower than float32.
   */
  public boolean bfloat16() {
    return flags.contains("avx512_bf16") || flags.contains("amx_bf16");
  }

  /**
   * Whether PyTorch's FBGEMM int8 kernels run here (AVX2); with AVX-512 VNNI or AVX-VNNI they are
   * fast.
   */
  public boolean int8() {
    return flags.contains("avx2");
  }

  /** Whether the CPU has int8 dot-product instructions (AVX-512 VNNI, AVX-VNNI or AMX). */
  public boolean vnni() {
    return flags.contains("avx512_vnni")
        || flags.contains("avx_vnni")
        || flags.contains("amx_int8");
  }
}
