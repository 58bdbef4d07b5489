package dev.llmkit.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One suite's results with the machine they were taken on, written as JSON ({@code <suite>.json}),
 * a Markdown table ({@code <suite>.md}) and a chart ({@code <suite>.png}).
 *
 * @param suite the suite's name
 * @param command the command line that produced it
 * @param machine facts about the machine and the run ({@link Machine#facts})
 * @param results the cases, in the order run
 */
public record Report(
    String suite, String command, Map<String, Object> machine, List<Result> results) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** The report as a JSON tree of plain maps and lists (snake_case keys). */
  public Map<String, Object> toJson() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("suite", suite);
    root.put("command", command);
    root.put("machine", machine);
    root.put(
        "results",
        results.stream()
            .map(
                r -> {
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("name", r.name());
                  m.put("unit", r.unit());
                  m.put("llmkit", stats(r.llmkit()));
                  if (r.peer() != null) {
                    m.put("peer_name", r.peerName());
                    m.put("peer", stats(r.peer()));
                    m.put("speed_ratio", round(r.ratio()));
                  }
                  Map<String, Object> extra = new LinkedHashMap<>();
                  r.extra().forEach((k, v) -> extra.put(k, round(v)));
                  m.put("extra", extra);
                  return m;
                })
            .toList());
    return root;
  }

  private static Map<String, Object> stats(Samples s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("median", round(s.median()));
    m.put("p10", round(s.p10()));
    m.put("p90", round(s.p90()));
    m.put("min", round(s.min()));
    m.put("max", round(s.max()));
    m.put("mad", round(s.mad()));
    m.put("n", s.values().length);
    return m;
  }

  private static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v;
  }

  /** The JSON text. */
  public String json() {
    try {
      return JSON.writeValueAsString(toJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Markdown table: one row a case; ratio above 1 means llmkit is faster than the peer. */
  public String markdown() {
    StringBuilder b = new StringBuilder();
    b.append("### `").append(command).append("`\n\n");
    b.append("| case | unit | llmkit median (p10–p90) | peer | peer median (p10–p90) ")
        .append("| llmkit speed ÷ peer | derived |\n");
    b.append("|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      b.append("| ").append(r.name()).append(" | ").append(r.unit()).append(" | ");
      b.append(cell(r.llmkit())).append(" | ");
      if (r.peer() != null) {
        b.append(r.peerName()).append(" | ").append(cell(r.peer())).append(" | ");
        b.append(String.format(Locale.ROOT, "%.2f×", r.ratio())).append(" | ");
      } else {
        b.append("— | — | — | ");
      }
      StringBuilder extra = new StringBuilder();
      r.extra()
          .forEach(
              (k, v) ->
                  extra
                      .append(extra.isEmpty() ? "" : ", ")
                      .append(k)
                      .append(" ")
                      .append(derived(v)));
      b.append(extra).append(" |\n");
    }
    b.append("\n").append(machineLine()).append("\n");
    return b.toString();
  }

  private String machineLine() {
    return "Machine: "
        + machine.get("cpu")
        + ", "
        + machine.get("cores")
        + " cores, "
        + machine.get("threads")
        + " threads, GLIBC_TUNABLES "
        + machine.get("glibc_tunables")
        + ", load average at start "
        + machine.get("load_average")
        + "; "
        + machine.get("date")
        + ".";
  }

  private static String cell(Samples s) {
    return String.format(Locale.ROOT, "%.3g (%.3g–%.3g)", s.median(), s.p10(), s.p90());
  }

  /** One decimal, or three significant digits for small values (a cosine distance of 2.1e-05). */
  static String derived(double v) {
    return v != 0 && Math.abs(v) < 0.1
        ? String.format(Locale.ROOT, "%.3g", v)
        : String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Writes {@code <suite>.json}, {@code <suite>.md} and {@code <suite>.png} into {@code dir}.
   *
   * @return the JSON file
   */
  public Path write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve(suite + ".json");
    Files.writeString(json, json() + "\n");
    Files.writeString(dir.resolve(suite + ".md"), markdown());
    Chart.write(this, dir.resolve(suite + ".png"));
    return json;
  }
}
