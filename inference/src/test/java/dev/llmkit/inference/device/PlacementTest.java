package dev.llmkit.inference.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void float32RunsOnTheCpu() {
    Placement p = Placement.resolve(DeviceSpec.parse("cpu"), Precision.FLOAT32, 0);
    assertThat(p.device()).isEqualTo(Device.cpu());
    assertThat(p.precision().dataType()).isEqualTo(DataType.FLOAT32);
    assertThat(Placement.cpu()).isEqualTo(p);
  }

  @Test
  void float16IsAllowedOnCuda() {
    Placement p = Placement.resolve(DeviceSpec.parse("cuda:1"), Precision.FLOAT16, 2);
    assertThat(p.device()).isEqualTo(Device.gpu(1));
    assertThat(p.precision().dataType()).isEqualTo(DataType.FLOAT16);
  }

  @Test
  void float16WithAutoTakesTheGpuWhenPresent() {
    assertThat(Placement.resolve(new DeviceSpec.Auto(), Precision.FLOAT16, 1).device())
        .isEqualTo(Device.gpu(0));
  }

  @Test
  void float16OnTheCpuIsRefused() {
    assertThatThrownBy(() -> Placement.resolve(DeviceSpec.parse("cpu"), Precision.FLOAT16, 1))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("float16 requires a CUDA device");
  }

  @Test
  void float16WithAutoOnAMachineWithoutGpuSaysWhy() {
    assertThatThrownBy(() -> Placement.resolve(new DeviceSpec.Auto(), Precision.FLOAT16, 0))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("no GPU is visible");
  }

  @Test
  void theRecordItselfEnforcesThePolicy() {
    assertThatThrownBy(() -> new Placement(Device.cpu(), Precision.FLOAT16))
        .isInstanceOf(DeviceException.class);
  }

  @Test
  void precisionParsesCommonSpellings() {
    assertThat(Precision.parse("fp32")).isEqualTo(Precision.FLOAT32);
    assertThat(Precision.parse("Float32")).isEqualTo(Precision.FLOAT32);
    assertThat(Precision.parse("half")).isEqualTo(Precision.FLOAT16);
    assertThat(Precision.parse("float16").label()).isEqualTo("float16");
  }

  @Test
  void bfloat16ParsesAndStaysOnTheCpu() {
    assertThat(Precision.parse("bf16")).isEqualTo(Precision.BFLOAT16);
    assertThat(Precision.parse("BFloat16").label()).isEqualTo("bfloat16");
    CpuFeatures avx512bf16 = new CpuFeatures(Set.of("avx512f", "avx512_bf16"));
    Placement.checkBfloat16(Device.cpu(), avx512bf16);
    Placement.checkBfloat16(Device.cpu(), new CpuFeatures(Set.of("amx_bf16")));
    assertThatThrownBy(() -> Placement.checkBfloat16(Device.gpu(0), avx512bf16))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("CPU only");
  }

  @Test
  void bfloat16IsRefusedOnACpuWithoutBfloat16Instructions() {
    CpuFeatures avx2 = new CpuFeatures(Set.of("avx2", "fma", "avx512f"));
    assertThatThrownBy(() -> Placement.checkBfloat16(Device.cpu(), avx2))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("AVX-512 BF16");
  }

  @Test
  void int8ParsesAndNeedsACpuWithAvx2() {
    assertThat(Precision.parse("int8")).isEqualTo(Precision.INT8);
    assertThat(Precision.parse("QINT8").label()).isEqualTo("int8");
    Placement.checkInt8(Device.cpu(), new CpuFeatures(Set.of("avx2", "fma")));
    assertThatThrownBy(
            () -> Placement.checkInt8(Device.cpu(), new CpuFeatures(Set.of("sse4_2", "neon"))))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("AVX2");
    assertThatThrownBy(() -> new Placement(Device.gpu(0), Precision.INT8))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("CPU only");
  }

  @Test
  void vnniIsAnyOfTheIntDotProductExtensions() {
    assertThat(new CpuFeatures(Set.of("avx512_vnni")).vnni()).isTrue();
    assertThat(new CpuFeatures(Set.of("avx_vnni")).vnni()).isTrue();
    assertThat(new CpuFeatures(Set.of("avx2", "avx512f")).vnni()).isFalse();
  }

  @Test
  void theRecordRefusesBfloat16OnAGpu() {
    assertThatThrownBy(() -> new Placement(Device.gpu(0), Precision.BFLOAT16))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("bfloat16");
  }

  @Test
  void cpuFeaturesComeFromTheFirstFlagsLine() {
    String cpuinfo =
        "processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: fpu avx512f avx512_bf16 sse\n"
            + "bugs\t\t: sysret_ss_attrs\n\nprocessor\t: 1\nflags\t\t: fpu\n";
    CpuFeatures features = CpuFeatures.parse(cpuinfo);
    assertThat(features.flags()).containsExactlyInAnyOrder("fpu", "avx512f", "avx512_bf16", "sse");
    assertThat(features.bfloat16()).isTrue();
    assertThat(CpuFeatures.parse("processor\t: 0\n").flags()).isEmpty();
    assertThat(CpuFeatures.read(Path.of("/no/such/cpuinfo")).bfloat16()).isFalse();
  }

  @Test
  void unknownDtypeNamesTheAcceptedOnes() {
    assertThatThrownBy(() -> Precision.parse("int4"))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("float32, float16, bfloat16 or int8");
    assertThatThrownBy(() -> Precision.parse(null)).isInstanceOf(DeviceException.class);
  }
}
