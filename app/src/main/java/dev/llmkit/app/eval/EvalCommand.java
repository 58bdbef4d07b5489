package dev.llmkit.app.eval;

import picocli.CommandLine.Command;

/** {@code llmkit eval}: groups the evaluation tasks; each prints JSON on stdout. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Scores a model on a data file and prints the metrics as JSON.",
    subcommands = {EvalNerCommand.class, EvalQaCommand.class, EvalLmCommand.class})
public final class EvalCommand {}
