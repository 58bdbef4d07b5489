package dev.llmkit.inference.train;

/**
 * Linear warm-up from 0 to the peak learning rate, then linear decay to 0: Hugging Face's {@code
 * get_linear_schedule_with_warmup}. The update of step {@code s} (0-based) uses {@code at(s)}, as
 * with a PyTorch scheduler stepped after each optimizer step.
 *
 * @param peak learning rate at the end of warm-up
 * @param warmupSteps steps of warm-up (0 for none)
 * @param totalSteps total optimizer steps of the run
 */
public record LinearWarmupSchedule(double peak, int warmupSteps, int totalSteps) {

  /** Checks the arguments. */
  public LinearWarmupSchedule {
    if (!(peak > 0) || warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
      throw new IllegalArgumentException(
          "need peak > 0 and 0 <= warmupSteps <= totalSteps, totalSteps >= 1; got "
              + peak
              + ", "
              + warmupSteps
              + ", "
              + totalSteps);
    }
  }

  /** Learning rate of the update at 0-based step {@code step}. */
  public double at(int step) {
    if (step < warmupSteps) {
      return peak * step / Math.max(1, warmupSteps);
    }
    return peak
        * Math.max(0.0, (double) (totalSteps - step) / Math.max(1, totalSteps - warmupSteps));
  }
}
