package dev.llmkit.inference.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * {@code torch.no_grad()} for a block on this thread: no operator records a graph, and {@link
 * Linear} and {@link Attention} may use the fused inference kernels (packed weights, fused
 * attention), whose results carry no gradient. Pipelines run every forward inside one; a {@code
 * GradientCollector} turns recording back on for training.
 *
 * <pre>{@code
 * try (NDManager request = base.newSubManager(); NoGrad noGrad = NoGrad.enter()) {
 *   NDArray hidden = encoder.forward(ids, mask, null);
 * }
 * }</pre>
 *
 * <p>PyTorch keeps this mode per native thread and starts new threads recording, which is why work
 * on a pool's threads must enter it rather than rely on the default.
 */
public final class NoGrad implements AutoCloseable {

  private final boolean previous;

  private NoGrad(boolean previous) {
    this.previous = previous;
  }

  /** Stops recording gradients on this thread until {@link #close()}. */
  public static NoGrad enter() {
    boolean previous = JniUtils.isGradMode();
    if (previous) {
      JniUtils.setGradMode(false);
    }
    return new NoGrad(previous);
  }

  /** Whether operators on this thread record gradients now. */
  static boolean recording() {
    return JniUtils.isGradMode();
  }

  /** Restores the mode found on entry. */
  @Override
  public void close() {
    if (previous) {
      JniUtils.setGradMode(true);
    }
  }
}
