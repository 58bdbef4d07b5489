package dev.llmkit.app.bench;

import dev.llmkit.inference.device.ThreadSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What every suite takes: how often to repeat, the engine's threads, where to write. */
public final class BenchOptions {

  @Option(
      names = "--warmup",
      defaultValue = "2",
      paramLabel = "N",
      description = "Untimed runs before the timed ones (default ${DEFAULT-VALUE}).")
  int warmup;

  @Option(
      names = "--repeats",
      defaultValue = "7",
      paramLabel = "N",
      description =
          "Timed runs; the report gives their median and spread (default ${DEFAULT-VALUE}).")
  int repeats;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "Intra-op threads for llmkit's engine and the peer (default: the engine's).")
  Integer threads;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Also write SUITE.json, SUITE.md and SUITE.png into DIR.")
  Path out;

  /** The repeat counts. */
  Repeats repeats() {
    return new Repeats(warmup, repeats);
  }

  /** Applies {@code --threads} to llmkit's engine (before it starts). */
  void applyThreads() {
    ThreadSettings.Builder b = ThreadSettings.builder();
    if (threads != null) {
      b.numThreads(threads);
    }
    b.build().apply();
  }

  /**
   * Prints the report's JSON to standard output and its table to standard error; with {@code
   * --out}, writes the three files too.
   */
  int report(CommandSpec spec, String suite, List<Result> results) throws IOException {
    Report report = new Report(suite, commandLine(spec), Machine.facts(), results);
    PrintWriter out = spec.commandLine().getOut();
    out.println(report.json());
    out.flush();
    PrintWriter err = spec.commandLine().getErr();
    err.println(report.markdown());
    if (this.out != null) {
      err.println("wrote " + report.write(this.out).getParent().resolve(suite + ".{json,md,png}"));
    }
    err.flush();
    return 0;
  }

  private static String commandLine(CommandSpec spec) {
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    return "llmkit " + spec.qualifiedName().replaceFirst("^llmkit ", "") + argsAfterSuite(args);
  }

  private static String argsAfterSuite(List<String> args) {
    int at = args.indexOf("bench");
    List<String> rest = at >= 0 && at + 2 <= args.size() ? args.subList(at + 2, args.size()) : args;
    return rest.isEmpty() ? "" : " " + String.join(" ", rest);
  }
}
