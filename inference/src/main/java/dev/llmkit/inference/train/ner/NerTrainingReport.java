package dev.llmkit.inference.train.ner;

import dev.llmkit.inference.eval.NerScores;
import dev.llmkit.inference.train.TrainingResult;
import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of {@link NerTrainer#run()}.
 *
 * @param training how training ended
 * @param labels the label set read from the training data, in id order
 * @param sentences training sentences
 * @param dev entity-level scores of the saved model on the dev file, or null (no dev file, or the
 *     run stopped early)
 * @param output the model directory written, or null when the run stopped early
 */
public record NerTrainingReport(
    TrainingResult training, List<String> labels, int sentences, NerScores dev, Path output) {}
