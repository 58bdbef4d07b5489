package dev.llmkit.app;

import dev.llmkit.app.attention.AttentionCommand;
import dev.llmkit.app.bench.BenchCommand;
import dev.llmkit.app.cli.CliErrors;
import dev.llmkit.app.embed.EmbedCommand;
import dev.llmkit.app.eval.EvalCommand;
import dev.llmkit.app.fillmask.FillMaskCommand;
import dev.llmkit.app.generate.GenerateCommand;
import dev.llmkit.app.ner.NerCommand;
import dev.llmkit.app.qa.QaCommand;
import dev.llmkit.app.rag.AskCommand;
import dev.llmkit.app.rag.IngestCommand;
import dev.llmkit.app.serve.ServeCommand;
import dev.llmkit.app.tokenize.TokenizeCommand;
import dev.llmkit.app.train.TrainCommand;
import dev.llmkit.app.warmup.WarmupCommand;
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
      NerCommand.class,
      QaCommand.class,
      FillMaskCommand.class,
      GenerateCommand.class,
      AttentionCommand.class,
      EmbedCommand.class,
      TrainCommand.class,
      EvalCommand.class,
      WarmupCommand.class,
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
    return CliErrors.install(new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true));
  }
}
