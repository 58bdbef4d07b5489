package dev.llmkit.app.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.app.Main;
import dev.llmkit.app.cli.CliErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import picocli.CommandLine;

/**
 * One in-process run of the command line, with stdout and stderr captured.
 *
 * @param exitCode the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
public record CliRun(int exitCode, String out, String err) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs {@code llmkit args...} as {@link Main} configures it. */
  public static CliRun of(String... args) {
    return of(Main.commandLine(), args);
  }

  /**
   * Runs a single command object (e.g. one reading a given stdin) with the CLI's error handling.
   */
  public static CliRun command(Object command, String... args) {
    return of(CliErrors.install(new CommandLine(command)), args);
  }

  private static CliRun of(CommandLine commandLine, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    int code = commandLine.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Stdout parsed as one JSON document. */
  public JsonNode json() {
    try {
      return JSON.readTree(out);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException("stdout is not JSON: " + out, e);
    }
  }

  /** The field names of a JSON object, in order. */
  public static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }
}
