package dev.llmkit.app.cli;

import dev.llmkit.inference.defaults.NoDefaultModelException;
import dev.llmkit.inference.minilm.OnnxFormatException;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.safetensors.SafetensorsException;
import dev.llmkit.inference.store.ModelStoreException;
import dev.llmkit.server.config.ConfigException;
import dev.llmkit.tokenization.TokenizerException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into exit codes and one-line messages on stderr, so scripts can tell bad input
 * from a missing or broken model:
 *
 * <ul>
 *   <li>{@value #BAD_INPUT}: bad options or input (also picocli's usage errors);
 *   <li>{@value #MODEL_PROBLEM}: the model cannot be found, downloaded or loaded;
 *   <li>{@value #INTERNAL}: anything else (a bug).
 * </ul>
 *
 * The stack trace is printed only with {@code --verbose}.
 */
public final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Exit code of bad options or input. */
  public static final int BAD_INPUT = 2;

  /** Exit code of a model that cannot be resolved or loaded. */
  public static final int MODEL_PROBLEM = 3;

  /** Exit code of an unexpected failure. */
  public static final int INTERNAL = 1;

  private CliErrors() {}

  /** Installs both handlers on {@code commandLine} (and its subcommands). */
  public static CommandLine install(CommandLine commandLine) {
    CliErrors handler = new CliErrors();
    return commandLine.setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler);
  }

  /** The exit code for an exception thrown by a command. */
  public static int exitCode(Throwable e) {
    if (e instanceof ModelLoadException
        || e instanceof ModelStoreException
        || e instanceof NoDefaultModelException
        || e instanceof SafetensorsException
        || e instanceof TokenizerException
        || e instanceof OnnxFormatException) {
      return MODEL_PROBLEM;
    }
    if (e instanceof IllegalArgumentException
        || e instanceof ParameterException
        || e instanceof ConfigException) {
      return BAD_INPUT;
    }
    return INTERNAL;
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(name(cmd) + ": " + oneLine(e.getMessage()) + " (see " + name(cmd) + " --help)");
    err.flush();
    return BAD_INPUT;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
    PrintWriter err = cmd.getErr();
    int code = exitCode(e);
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (code == INTERNAL) {
      message = "internal error: " + e + (verbose(parseResult) ? "" : " (--verbose shows where)");
    }
    err.println(name(cmd) + ": " + oneLine(message));
    if (verbose(parseResult)) {
      e.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  private static String oneLine(String message) {
    return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String name(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName();
  }

  private static boolean verbose(ParseResult parseResult) {
    for (ParseResult p = parseResult; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--verbose")) {
        return true;
      }
    }
    return false;
  }
}
