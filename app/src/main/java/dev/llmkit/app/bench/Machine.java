package dev.llmkit.app.bench;

import dev.llmkit.inference.device.ThreadSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** The facts a benchmark result is meaningless without. */
final class Machine {

  private Machine() {}

  /**
   * CPU model, cores, engine threads, Java, native allocator settings, load average at start, date
   * (UTC).
   */
  static Map<String, Object> facts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpuModel());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("threads", ThreadSettings.engineThreads());
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    // Training speed depends on them (see the llmkit launcher).
    m.put("glibc_tunables", System.getenv().getOrDefault("GLIBC_TUNABLES", "none"));
    m.put("load_average", loadAverage());
    m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    return m;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the JVM's name for the architecture will do
    }
    return System.getProperty("os.arch");
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
