package dev.llmkit.app.train;

import picocli.CommandLine.Command;

/** {@code llmkit train}: groups the training tasks. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Trains NER, QA and GPT-2 models (CPU, or CUDA when available).",
      "Every task shows a progress bar on stderr, writes checkpoints, and continues exactly",
      "with --resume.",
    },
    subcommands = {TrainNerCommand.class, TrainQaCommand.class, TrainLmCommand.class})
public final class TrainCommand {}
