package dev.llmkit.app.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A horizontal bar chart of a report's medians, llmkit beside its peer, drawn headless. */
final class Chart {

  private static final int WIDTH = 960;
  private static final int LABEL = 300;
  private static final int ROW = 44;
  private static final Color LLMKIT = new Color(0x2b6cb0);
  private static final Color PEER = new Color(0xa0aec0);

  private Chart() {}

  static void write(Report report, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    int rows = report.results().size();
    int height = 70 + rows * ROW + 30;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(
          "llmkit bench " + report.suite() + ": median per case (shorter is faster)", 12, 24);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      legend(g);
      int i = 0;
      for (Result r : report.results()) {
        int y = 60 + i++ * ROW;
        double max = Math.max(r.llmkit().median(), r.peer() == null ? 0 : r.peer().median());
        g.setColor(Color.BLACK);
        g.drawString(r.name(), 12, y + 14);
        g.setColor(Color.DARK_GRAY);
        g.drawString(r.unit(), 12, y + 30);
        bar(g, y + 2, r.llmkit().median(), max, LLMKIT);
        if (r.peer() != null) {
          bar(g, y + 20, r.peer().median(), max, PEER);
          g.setColor(Color.BLACK);
          g.drawString(String.format(Locale.ROOT, "%.2f×", r.ratio()), WIDTH - 56, y + 22);
        }
      }
      g.setColor(Color.LIGHT_GRAY);
      g.setStroke(new BasicStroke(1));
      g.drawLine(LABEL, 50, LABEL, height - 20);
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static void legend(Graphics2D g) {
    g.setColor(LLMKIT);
    g.fillRect(LABEL, 34, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("llmkit", LABEL + 16, 45);
    g.setColor(PEER);
    g.fillRect(LABEL + 80, 34, 12, 12);
    g.setColor(Color.BLACK);
    g.drawString("peer (same run)", LABEL + 96, 45);
  }

  private static void bar(Graphics2D g, int y, double value, double max, Color color) {
    int span = WIDTH - LABEL - 140;
    int w = max <= 0 ? 0 : (int) Math.round(span * value / max);
    g.setColor(color);
    g.fillRect(LABEL + 1, y, Math.max(1, w), 15);
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT, "%.3g", value), LABEL + w + 6, y + 12);
  }
}
