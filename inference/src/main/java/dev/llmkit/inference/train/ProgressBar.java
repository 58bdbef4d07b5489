package dev.llmkit.inference.train;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders training progress as one line: step, bar, smoothed loss, learning rate, tokens per second
 * and ETA. On a terminal the line is redrawn in place ({@code \r}); otherwise (logs) a new line is
 * written at most every {@code interval}.
 */
public final class ProgressBar implements TrainingListener {

  private static final int WIDTH = 24;

  private final PrintWriter out;
  private final boolean interactive;
  private final long intervalNanos;
  private long lastDraw;
  private boolean drawn;
  private double smoothedLoss = Double.NaN;
  private int smoothedSteps;

  /**
   * Creates a progress bar.
   *
   * @param out where to draw (the CLI passes stderr)
   * @param interactive redraw in place with {@code \r} (a terminal) rather than one line per update
   * @param interval minimum time between two draws
   */
  public ProgressBar(PrintWriter out, boolean interactive, Duration interval) {
    this.out = out;
    this.interactive = interactive;
    this.intervalNanos = interval.toNanos();
  }

  @Override
  public void onStart(int startStep, int totalSteps) {
    if (startStep > 0) {
      out.printf(Locale.ROOT, "resuming at step %d/%d%n", startStep, totalSteps);
      out.flush();
    }
  }

  @Override
  public void onStep(StepStats s) {
    // Bias-corrected exponential average, so early values are not pulled towards 0.
    smoothedSteps++;
    double beta = 0.9;
    smoothedLoss =
        Double.isNaN(smoothedLoss)
            ? s.loss() * (1 - beta)
            : beta * smoothedLoss + (1 - beta) * s.loss();
    long now = System.nanoTime();
    if (drawn && s.step() < s.totalSteps() && now - lastDraw < intervalNanos) {
      return;
    }
    lastDraw = now;
    drawn = true;
    out.print(interactive ? "\r" + line(s) : line(s) + System.lineSeparator());
    if (interactive && s.step() == s.totalSteps()) {
      out.println();
    }
    out.flush();
  }

  @Override
  public void onCheckpoint(int step, Path directory) {
    if (interactive) {
      out.print("\r\033[K");
    }
    out.printf(Locale.ROOT, "checkpoint %s%n", directory);
    out.flush();
  }

  /** The rendered line for a step (without line ending). */
  String line(StepStats s) {
    double fraction = (double) s.step() / s.totalSteps();
    int filled = (int) Math.round(fraction * WIDTH);
    double loss = smoothedLoss / (1 - Math.pow(0.9, smoothedSteps));
    return String.format(
        Locale.ROOT,
        "step %d/%d [%s%s] %3.0f%% loss %.4f lr %.2e %,.0f tok/s ETA %s",
        s.step(),
        s.totalSteps(),
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        100 * fraction,
        loss,
        s.learningRate(),
        s.tokensPerSecond(),
        format(s.eta()));
  }

  static String format(Duration d) {
    long seconds = Math.max(0, d.getSeconds());
    return String.format(
        Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
}
