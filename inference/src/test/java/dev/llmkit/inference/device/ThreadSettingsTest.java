package dev.llmkit.inference.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ThreadSettingsTest {

  @Test
  void writesTheSystemPropertiesDjlReads() {
    Properties props = new Properties();
    ThreadSettings.builder().numThreads(3).interopThreads(1).build().applyTo(props);
    assertThat(props)
        .containsEntry("ai.djl.pytorch.num_threads", "3")
        .containsEntry("ai.djl.pytorch.num_interop_threads", "1");
  }

  @Test
  void unsetCountsLeaveExistingValuesAlone() {
    Properties props = new Properties();
    props.setProperty(ThreadSettings.NUM_INTEROP_THREADS, "4");
    ThreadSettings.builder().numThreads(2).build().applyTo(props);
    assertThat(props)
        .containsEntry(ThreadSettings.NUM_THREADS, "2")
        .containsEntry(ThreadSettings.NUM_INTEROP_THREADS, "4");
    ThreadSettings.defaults().applyTo(props);
    assertThat(props).hasSize(2);
  }

  @Test
  void nonPositiveCountsAreRejected() {
    assertThatThrownBy(() -> ThreadSettings.builder().numThreads(0).build())
        .isInstanceOf(DeviceException.class)
        .hasMessageContaining("numThreads must be >= 1");
    assertThatThrownBy(() -> ThreadSettings.builder().interopThreads(-2).build())
        .isInstanceOf(DeviceException.class);
  }
}
