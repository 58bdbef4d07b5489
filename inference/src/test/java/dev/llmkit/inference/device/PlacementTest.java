package dev.llmkit.inference.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
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
  void bfloat16IsRefusedWithTheReason() {
    assertThatThrownBy(() -> Precision.parse("bf16"))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("bfloat16");
  }

  @Test
  void unknownDtypeNamesTheAcceptedOnes() {
    assertThatThrownBy(() -> Precision.parse("int8"))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("float32 or float16");
    assertThatThrownBy(() -> Precision.parse(null)).isInstanceOf(DeviceException.class);
  }
}
