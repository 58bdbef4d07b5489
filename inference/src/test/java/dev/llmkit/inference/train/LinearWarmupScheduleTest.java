package dev.llmkit.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LinearWarmupScheduleTest {

  @Test
  void warmsUpLinearlyThenDecaysLinearlyToZero() {
    LinearWarmupSchedule s = new LinearWarmupSchedule(1e-3, 4, 12);
    // warm-up: s/4; decay: (12 - s) / 8
    assertThat(s.at(0)).isZero();
    assertThat(s.at(1)).isCloseTo(2.5e-4, within(1e-15));
    assertThat(s.at(3)).isCloseTo(7.5e-4, within(1e-15));
    assertThat(s.at(4)).isCloseTo(1e-3, within(1e-15));
    assertThat(s.at(8)).isCloseTo(5e-4, within(1e-15));
    assertThat(s.at(11)).isCloseTo(1.25e-4, within(1e-15));
    assertThat(s.at(12)).isZero();
  }

  @Test
  void withoutWarmupTheFirstStepUsesThePeak() {
    assertThat(new LinearWarmupSchedule(0.1, 0, 10).at(0)).isEqualTo(0.1);
  }

  @Test
  void rejectsWarmupLongerThanTheRun() {
    assertThatThrownBy(() -> new LinearWarmupSchedule(0.1, 11, 10))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
