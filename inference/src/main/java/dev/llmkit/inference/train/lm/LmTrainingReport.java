package dev.llmkit.inference.train.lm;

import dev.llmkit.inference.eval.LmScores;
import dev.llmkit.inference.train.TrainingResult;
import java.nio.file.Path;

/**
 * Outcome of {@link LmTrainer#run()}.
 *
 * @param training how training ended
 * @param trainTokens tokens in the training stream
 * @param parameters number of trained weights (the tied head counted once)
 * @param validation held-out scores of the saved model, or null when the run stopped early or there
 *     is no held-out text
 * @param output the model directory written, or null when the run stopped early
 */
public record LmTrainingReport(
    TrainingResult training, long trainTokens, long parameters, LmScores validation, Path output) {}
