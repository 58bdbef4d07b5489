package dev.llmkit.app;

import dev.llmkit.app.rag.AskCommand;
import dev.llmkit.app.rag.BenchCommand;
import dev.llmkit.app.rag.IngestCommand;
import dev.llmkit.app.serve.ServeCommand;
import dev.llmkit.app.tokenize.TokenizeCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code llmkit} command line.
 *
 * <p>Each task is a picocli subcommand in its own class; register new ones in {@code subcommands}.
 */
@Command(
    name = "llmkit",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Hugging Face BERT-family and GPT-2 models in the JVM.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TokenizeCommand.class,
      ServeCommand.class,
      IngestCommand.class,
      AskCommand.class,
      BenchCommand.class
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
  }
}
