package dev.llmkit.inference.train;

import java.time.Duration;

/**
 * Progress after one optimizer step.
 *
 * @param step global steps done (1-based)
 * @param totalSteps steps of the whole run
 * @param epoch 0-based epoch of this step
 * @param loss this step's mean loss
 * @param learningRate learning rate used by this step
 * @param gradNorm global gradient norm before clipping
 * @param tokensPerSecond training tokens per second since this process started training
 * @param elapsed wall time since this process started training
 * @param eta estimated time to the end of the run
 */
public record StepStats(
    int step,
    int totalSteps,
    int epoch,
    double loss,
    double learningRate,
    double gradNorm,
    double tokensPerSecond,
    Duration elapsed,
    Duration eta) {}
