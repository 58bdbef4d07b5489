package dev.llmkit.app.train;

import dev.llmkit.inference.train.ProgressBar;
import dev.llmkit.inference.train.TrainingResult;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Progress on stderr and the closing summary line shared by the train commands. */
final class Progress {

  private Progress() {}

  /** A progress bar on {@code err}: redrawn in place on a terminal, a line every 30 s otherwise. */
  static ProgressBar bar(PrintWriter err) {
    boolean terminal = System.console() != null;
    return new ProgressBar(
        err, terminal, terminal ? Duration.ofMillis(200) : Duration.ofSeconds(30));
  }

  /** One line describing how the run ended. */
  static String summary(TrainingResult r) {
    return String.format(
        Locale.ROOT,
        "%s after step %d/%d: mean loss %.4f this run, %d tokens in %s",
        r.finished() ? "finished" : "stopped (resume with --resume)",
        r.completedSteps(),
        r.totalSteps(),
        r.meanLoss(),
        r.tokens(),
        duration(r.elapsed()));
  }

  private static String duration(Duration d) {
    long s = d.getSeconds();
    return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
  }
}
