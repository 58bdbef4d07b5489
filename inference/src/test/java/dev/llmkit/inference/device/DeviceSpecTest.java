package dev.llmkit.inference.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceSpecTest {

  @Test
  void parsesEveryAcceptedSpelling() {
    assertThat(DeviceSpec.parse("auto")).isEqualTo(new DeviceSpec.Auto());
    assertThat(DeviceSpec.parse(" CPU ")).isEqualTo(new DeviceSpec.Cpu());
    assertThat(DeviceSpec.parse("cuda")).isEqualTo(new DeviceSpec.Cuda(0));
    assertThat(DeviceSpec.parse("gpu")).isEqualTo(new DeviceSpec.Cuda(0));
    assertThat(DeviceSpec.parse("cuda:3")).isEqualTo(new DeviceSpec.Cuda(3));
    assertThat(DeviceSpec.parse("CUDA:12")).isEqualTo(new DeviceSpec.Cuda(12));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "  ", "tpu", "cuda:", "cuda:-1", "cuda:x", "cuda:1:2", "cpu:0", "mps"})
  void rejectsUnknownDevicesNamingTheAcceptedOnes(String text) {
    assertThatThrownBy(() -> DeviceSpec.parse(text))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("auto, cpu, cuda, cuda:N");
  }

  @Test
  void rejectsNullAsEmpty() {
    assertThatThrownBy(() -> DeviceSpec.parse(null)).isInstanceOf(DeviceException.class);
  }

  @Test
  void rejectsAnOrdinalBeyondInt() {
    assertThatThrownBy(() -> DeviceSpec.parse("cuda:99999999999"))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("out of range");
  }

  @Test
  void autoTakesTheFirstGpuWhenOneIsVisible() {
    assertThat(new DeviceSpec.Auto().select(2)).isEqualTo(Device.gpu(0));
  }

  @Test
  void autoFallsBackToTheCpuWithoutGpus() {
    assertThat(new DeviceSpec.Auto().select(0)).isEqualTo(Device.cpu());
  }

  @Test
  void cpuStaysOnTheCpuEvenWithGpus() {
    assertThat(new DeviceSpec.Cpu().select(4)).isEqualTo(Device.cpu());
  }

  @Test
  void cudaIndexWithinTheCountSelectsThatGpu() {
    assertThat(DeviceSpec.parse("cuda:1").select(2)).isEqualTo(Device.gpu(1));
    assertThat(DeviceSpec.parse("cuda").select(1)).isEqualTo(Device.gpu(0));
  }

  @Test
  void cudaIndexBeyondTheCountIsAClearError() {
    assertThatThrownBy(() -> DeviceSpec.parse("cuda:2").select(2))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("cuda:2")
        .hasMessageContaining("only 2 GPU(s)")
        .hasMessageContaining("cuda:0 .. cuda:1");
  }

  @Test
  void cudaWithoutAnyGpuIsAClearError() {
    assertThatThrownBy(() -> DeviceSpec.parse("cuda").select(0))
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("no CUDA GPU is visible");
  }

  @Test
  void negativeGpuCountIsAProgrammingError() {
    assertThatThrownBy(() -> new DeviceSpec.Auto().select(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void toStringRoundTripsThroughParse() {
    for (String s : new String[] {"auto", "cpu", "cuda:0", "cuda:5"}) {
      assertThat(DeviceSpec.parse(s).toString()).isEqualTo(s);
    }
  }
}
