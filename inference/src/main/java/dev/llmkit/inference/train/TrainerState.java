package dev.llmkit.inference.train;

/**
 * The scalar part of a checkpoint ({@code trainer-state.json}); tensors go beside it.
 *
 * @param step global optimizer steps done
 * @param totalSteps steps of the whole run
 * @param epoch epoch of the next step
 * @param batchInEpoch index of the next step's batch within its epoch's order
 * @param optimizerStep AdamW's update count
 * @param seed the run's seed: the data order of epoch {@code e} and the engine RNG of step {@code
 *     s} are functions of (seed, e) and (seed, s), so this is the whole RNG state
 * @param lastLoss loss of the last step
 * @param fingerprint hash of the settings a resumed run must keep
 */
public record TrainerState(
    int step,
    int totalSteps,
    int epoch,
    int batchInEpoch,
    int optimizerStep,
    long seed,
    double lastLoss,
    String fingerprint) {}
