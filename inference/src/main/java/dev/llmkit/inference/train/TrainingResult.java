package dev.llmkit.inference.train;

import java.time.Duration;

/**
 * How a call to {@link Trainer#fit} ended.
 *
 * @param completedSteps global steps done, including those of earlier (resumed) runs
 * @param totalSteps steps of the whole run
 * @param finished whether all steps are done (false when stopped early for a later resume)
 * @param lastLoss loss of the last step (NaN if no step ran)
 * @param meanLoss mean loss over the steps this call ran (NaN if none)
 * @param tokens training tokens this call processed
 * @param elapsed wall time of this call
 */
public record TrainingResult(
    int completedSteps,
    int totalSteps,
    boolean finished,
    double lastLoss,
    double meanLoss,
    long tokens,
    Duration elapsed) {}
