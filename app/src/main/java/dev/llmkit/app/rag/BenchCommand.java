package dev.llmkit.app.rag;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code llmkit bench ...}: reproducible quality and speed measurements. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks retrieval and open-book QA on SQuAD.",
    subcommands = {CommandLine.HelpCommand.class, RetrievalBenchCommand.class})
public final class BenchCommand {}
