package dev.llmkit.app.bench;

import dev.llmkit.app.rag.RetrievalBenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code llmkit bench SUITE}: speed measured side by side with a peer in the same run (median and
 * spread of repeated runs, as JSON, a Markdown table and a PNG chart), and retrieval quality.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Measures speed beside peers in the same run, and retrieval quality.",
    subcommands = {
      CommandLine.HelpCommand.class,
      EncoderBenchCommand.class,
      PipelineBenchCommand.Ner.class,
      PipelineBenchCommand.Qa.class,
      GenerateBenchCommand.class,
      EfficiencyBenchCommand.class,
      ServerBenchCommand.class,
      TrainBenchCommand.class,
      RetrievalBenchCommand.class
    })
public final class BenchCommand {}
