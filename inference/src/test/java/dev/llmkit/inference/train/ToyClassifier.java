package dev.llmkit.inference.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Random;

/**
 * A tiny two-layer classifier with dropout on a synthetic, learnable data set: the label is the
 * index of the largest of the first {@code classes} input features. Dropout draws from the engine's
 * generator, so exact resume must restore the random state too.
 */
final class ToyClassifier implements TrainingTask {

  static final int FEATURES = 6;
  static final int HIDDEN = 16;
  static final int CLASSES = 3;

  private final float[][] inputs;
  private final int[] labels;
  private final int[] lengths;
  private final List<NamedParameter> parameters;
  private final float dropout;

  ToyClassifier(NDManager manager, int examples, long initSeed, float dropout) {
    Random data = new Random(7); // the data never changes; only the initial weights do
    inputs = new float[examples][FEATURES];
    labels = new int[examples];
    lengths = new int[examples];
    for (int i = 0; i < examples; i++) {
      int best = 0;
      for (int f = 0; f < FEATURES; f++) {
        inputs[i][f] = (float) data.nextGaussian();
        if (f < CLASSES && inputs[i][f] > inputs[i][best]) {
          best = f;
        }
      }
      labels[i] = best;
      lengths[i] = 1 + data.nextInt(9);
    }
    Random init = new Random(initSeed);
    parameters =
        List.of(
            NamedParameter.of("dense.weight", randn(manager, init, FEATURES, HIDDEN, 0.4f)),
            NamedParameter.of("dense.bias", manager.zeros(new Shape(HIDDEN))),
            NamedParameter.of("out.weight", randn(manager, init, HIDDEN, CLASSES, 0.4f)),
            NamedParameter.of("out.bias", manager.zeros(new Shape(CLASSES))));
    this.dropout = dropout;
  }

  private static NDArray randn(NDManager m, Random r, int rows, int cols, float std) {
    float[] v = new float[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian() * std;
    }
    return m.create(v, new Shape(rows, cols));
  }

  @Override
  public List<NamedParameter> parameters() {
    return parameters;
  }

  @Override
  public int[] lengths() {
    return lengths.clone();
  }

  @Override
  public NDArray loss(NDManager manager, int[] examples) {
    float[] x = new float[examples.length * FEATURES];
    float[] oneHot = new float[examples.length * CLASSES];
    for (int b = 0; b < examples.length; b++) {
      System.arraycopy(inputs[examples[b]], 0, x, b * FEATURES, FEATURES);
      oneHot[b * CLASSES + labels[examples[b]]] = 1;
    }
    NDArray input = manager.create(x, new Shape(examples.length, FEATURES)); // (B, F)
    NDArray target = manager.create(oneHot, new Shape(examples.length, CLASSES)); // (B, C)
    NDArray hidden =
        input.matMul(parameters.get(0).array()).add(parameters.get(1).array()); // (B, H)
    hidden = hidden.getNDArrayInternal().relu();
    if (dropout > 0) {
      NDArray keep = manager.randomUniform(0f, 1f, hidden.getShape()).gte(dropout);
      NDArray scale = manager.create(1f / (1f - dropout)); // scalar as an array (pitfall 1)
      hidden = hidden.mul(keep.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)).mul(scale);
    }
    NDArray logits =
        hidden.matMul(parameters.get(2).array()).add(parameters.get(3).array()); // (B, C)
    return logits.logSoftmax(-1).mul(target).sum(new int[] {1}).neg().mean();
  }
}
