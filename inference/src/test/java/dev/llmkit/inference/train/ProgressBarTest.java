package dev.llmkit.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void showsStepLossThroughputAndEta() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), false, Duration.ZERO);

    bar.onStep(
        new StepStats(
            25, 100, 0, 2.5, 3e-5, 1.0, 1234.4, Duration.ofSeconds(60), Duration.ofSeconds(3725)));

    assertThat(text.toString())
        .startsWith("step 25/100 [######..................]  25% loss 2.5000 lr 3.00e-05")
        .contains("1,234 tok/s")
        .contains("ETA 1:02:05");
  }

  @Test
  void smoothsTheLossWithABiasCorrectedAverage() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), false, Duration.ZERO);
    bar.onStep(new StepStats(1, 10, 0, 2.0, 1e-3, 1, 1, Duration.ZERO, Duration.ZERO));
    bar.onStep(new StepStats(2, 10, 0, 1.0, 1e-3, 1, 1, Duration.ZERO, Duration.ZERO));
    // (0.9 * 0.1 * 2 + 0.1 * 1) / (1 - 0.81) = 0.28 / 0.19
    assertThat(text.toString().lines().toList().get(1))
        .contains(String.format(java.util.Locale.ROOT, "loss %.4f", 0.28 / 0.19));
  }

  @Test
  void throttlesRedrawsButAlwaysDrawsTheLastStep() {
    StringWriter text = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(text), false, Duration.ofHours(1));
    for (int i = 1; i <= 5; i++) {
      bar.onStep(new StepStats(i, 5, 0, 1, 1e-3, 1, 1, Duration.ZERO, Duration.ZERO));
    }
    assertThat(text.toString().lines()).hasSize(2); // step 1, then the final step 5
  }
}
