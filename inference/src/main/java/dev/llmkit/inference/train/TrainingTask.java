package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * What the {@link Trainer} needs from a model and its training data: the weights to update and a
 * differentiable loss over a batch of examples.
 */
public interface TrainingTask {

  /**
   * The weights to train, in a fixed order. Frozen weights are simply not listed. Names must be
   * unique and stable across runs: they key the checkpoints.
   */
  List<NamedParameter> parameters();

  /**
   * Token lengths of the training examples, indexed by example; used for length-bucketed batching
   * and for tokens per second.
   */
  int[] lengths();

  /**
   * Builds the batch and returns its mean loss, a scalar. Called inside a gradient collector on the
   * training thread. Every array it creates must live in {@code manager}, which is closed after the
   * step; scalars on the autograd path must be arrays created in {@code manager} (see the DJL
   * pitfalls note).
   *
   * @param manager the step's manager
   * @param examples indices of the examples in the batch
   */
  NDArray loss(NDManager manager, int[] examples);
}
