package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ConsoleProgressBarTest {

  @Test
  void drawsABarRedrawnInPlaceAndEndsTheLine() {
    StringWriter out = new StringWriter();
    ConsoleProgressBar bar = new ConsoleProgressBar(new PrintWriter(out));
    bar.started("model.safetensors", 4 * 1024 * 1024, 0);
    bar.progressed("model.safetensors", 1024 * 1024, 4 * 1024 * 1024);
    bar.progressed("model.safetensors", 1024 * 1024, 4 * 1024 * 1024); // unchanged: not redrawn
    bar.progressed("model.safetensors", 4 * 1024 * 1024, 4 * 1024 * 1024);
    bar.finished("model.safetensors");

    String[] frames = out.toString().split("\r", -1);
    assertThat(frames).hasSize(4); // "", 0%, 25%, 100%
    assertThat(frames[2])
        .isEqualTo(
            String.format(
                Locale.ROOT,
                "%-32s %5.1f%% [%s%s] %s / %s",
                "model.safetensors",
                25.0,
                "=".repeat(7),
                " ".repeat(23),
                "1.0 MiB",
                "4.0 MiB"));
    assertThat(frames[3]).contains("100.0%").contains("=".repeat(30)).endsWith("4.0 MiB\n");
  }

  @Test
  void unknownSizesShowBytesOnly() {
    StringWriter out = new StringWriter();
    ConsoleProgressBar bar = new ConsoleProgressBar(new PrintWriter(out));
    bar.started("config.json", -1, 0);
    bar.progressed("config.json", 512, -1);
    assertThat(out.toString()).startsWith("\rconfig.json").endsWith(" 0 B");
  }

  @Test
  void humanSizesUseBinaryUnits() {
    assertThat(ConsoleProgressBar.human(999)).isEqualTo("999 B");
    assertThat(ConsoleProgressBar.human(1536)).isEqualTo("1.5 KiB");
    assertThat(ConsoleProgressBar.human(90L * 1024 * 1024)).isEqualTo("90.0 MiB");
    assertThat(ConsoleProgressBar.human(3L << 40)).isEqualTo("3.0 TiB");
  }
}
