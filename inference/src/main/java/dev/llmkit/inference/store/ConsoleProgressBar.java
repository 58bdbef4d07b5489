package dev.llmkit.inference.store;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;

/**
 * Draws a one-line progress bar per file, redrawn in place with {@code \r} ({@code tqdm}-style).
 * The CLI passes its stderr so JSON on stdout stays clean.
 */
public final class ConsoleProgressBar implements DownloadListener {

  private static final int WIDTH = 30;

  private final PrintWriter out;
  private int lastPermille = -1;
  private long lastBytes = -1;

  /**
   * @param out where to draw, usually stderr
   */
  public ConsoleProgressBar(PrintWriter out) {
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public void started(String file, long totalBytes, long resumedFrom) {
    lastPermille = -1;
    lastBytes = -1;
    draw(file, resumedFrom, totalBytes);
  }

  @Override
  public void progressed(String file, long bytesDone, long totalBytes) {
    draw(file, bytesDone, totalBytes);
  }

  @Override
  public void finished(String file) {
    out.print('\n');
    out.flush();
  }

  private void draw(String file, long done, long total) {
    if (total > 0) {
      int permille = (int) Math.min(1000, done * 1000 / total);
      if (permille == lastPermille) {
        return;
      }
      lastPermille = permille;
      int filled = permille * WIDTH / 1000;
      out.print(
          String.format(
              Locale.ROOT,
              "\r%-32s %5.1f%% [%s%s] %s / %s",
              shorten(file),
              permille / 10.0,
              "=".repeat(filled),
              " ".repeat(WIDTH - filled),
              human(done),
              human(total)));
    } else {
      if (done - lastBytes < 1 << 20 && lastBytes >= 0) {
        return;
      }
      lastBytes = done;
      out.print(String.format(Locale.ROOT, "\r%-32s %s", shorten(file), human(done)));
    }
    out.flush();
  }

  private static String shorten(String file) {
    return file.length() <= 32 ? file : "…" + file.substring(file.length() - 31);
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
