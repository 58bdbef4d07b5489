package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay, Loshchilov &amp; Hutter) on DJL's fused native Adam kernel, with
 * its state held here so that it can be checkpointed and restored exactly.
 *
 * <p>The update is the one of DJL's {@code Optimizer.adamW()}: {@code w -= lr·wd·w; m = β1·m +
 * (1-β1)·g; v = β2·v + (1-β2)·g²; w -= lr·sqrt(1-β2^t)/(1-β1^t) · m / (sqrt(v) + ε)}, all inside
 * one native call per weight, so nothing is allocated in Java per step (a hand-written update from
 * Java scalars grows RSS, see the DJL pitfalls note). The gradient is multiplied by {@code
 * gradScale} first (global-norm clipping) and zeroed afterwards (PyTorch accumulates gradients).
 */
public final class AdamW implements AutoCloseable {

  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final NDManager manager;
  private final Map<String, NDArray> means = new LinkedHashMap<>();
  private final Map<String, NDArray> variances = new LinkedHashMap<>();
  private int step;

  /**
   * Creates an optimizer whose state lives in a child of {@code parent}.
   *
   * @param parent manager on the parameters' device
   * @param beta1 first-moment decay (0.9)
   * @param beta2 second-moment decay (0.999)
   * @param epsilon denominator term (1e-8)
   * @param weightDecay decoupled weight decay for parameters that take it (0.01)
   */
  public AdamW(NDManager parent, double beta1, double beta2, double epsilon, double weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
      throw new IllegalArgumentException("invalid AdamW hyper-parameters");
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.manager = parent.newSubManager();
  }

  /** Number of updates applied so far (the {@code t} of the bias correction). */
  public int step() {
    return step;
  }

  /**
   * Applies one update to every parameter and zeroes its gradient.
   *
   * @param parameters the weights
   * @param gradients their gradients, same order
   * @param learningRate this step's learning rate
   * @param gradScale factor applied to every gradient first (1 for none)
   */
  public void update(
      List<NamedParameter> parameters,
      List<NDArray> gradients,
      double learningRate,
      double gradScale) {
    step++;
    double biasCorrected =
        learningRate * Math.sqrt(1 - Math.pow(beta2, step)) / (1 - Math.pow(beta1, step));
    for (int i = 0; i < parameters.size(); i++) {
      NamedParameter p = parameters.get(i);
      NDArray w = p.array();
      NDArray m = means.computeIfAbsent(p.name(), k -> zeros(w));
      NDArray v = variances.computeIfAbsent(p.name(), k -> zeros(w));
      w.getNDArrayInternal()
          .adamUpdate(
              new NDList(w, gradients.get(i), m, v),
              new NDList(w),
              (float) learningRate,
              (float) biasCorrected,
              p.weightDecay() ? (float) weightDecay : 0f,
              (float) gradScale,
              -1f, // no element-wise clamp: the global norm is clipped by the caller
              (float) beta1,
              (float) beta2,
              (float) epsilon,
              false,
              true);
      JniUtils.zeroGrad((PtNDArray) w);
    }
  }

  /** The moment estimates as {@code exp_avg.NAME} and {@code exp_avg_sq.NAME}, for checkpoints. */
  public Map<String, NDArray> state() {
    Map<String, NDArray> state = new LinkedHashMap<>();
    means.forEach((k, v) -> state.put("exp_avg." + k, v));
    variances.forEach((k, v) -> state.put("exp_avg_sq." + k, v));
    return state;
  }

  /**
   * Restores the state written by {@link #state()} and {@link #step()}.
   *
   * @param tensors name to (data, shape) as read from a checkpoint
   * @param step the update count
   */
  void restore(Map<String, CheckpointTensors.Tensor> tensors, int step) {
    means.values().forEach(NDArray::close);
    variances.values().forEach(NDArray::close);
    means.clear();
    variances.clear();
    tensors.forEach(
        (name, t) -> {
          NDArray array = manager.create(t.data(), t.shape());
          if (name.startsWith("exp_avg_sq.")) {
            variances.put(name.substring("exp_avg_sq.".length()), array);
          } else if (name.startsWith("exp_avg.")) {
            means.put(name.substring("exp_avg.".length()), array);
          } else {
            array.close();
            throw new IllegalArgumentException("unexpected optimizer tensor " + name);
          }
        });
    this.step = step;
  }

  private NDArray zeros(NDArray like) {
    return manager.zeros(like.getShape(), DataType.FLOAT32, like.getDevice());
  }

  @Override
  public void close() {
    manager.close();
  }
}
