package dev.llmkit.inference.train.qa;

import dev.llmkit.inference.eval.SquadScores;
import dev.llmkit.inference.train.TrainingResult;
import java.nio.file.Path;

/**
 * Outcome of {@link QaTrainer#run()}.
 *
 * @param training how training ended
 * @param questions training questions
 * @param windows training windows
 * @param dev SQuAD scores of the saved model on the dev file, or null (no dev file, or the run
 *     stopped early)
 * @param output the model directory written, or null when the run stopped early
 */
public record QaTrainingReport(
    TrainingResult training, int questions, int windows, SquadScores dev, Path output) {}
