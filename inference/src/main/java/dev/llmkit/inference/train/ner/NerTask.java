package dev.llmkit.inference.train.ner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.TrainingTask;
import java.util.List;

/**
 * Token classification: mean cross-entropy over the tokens that carry a label (first sub-tokens),
 * as {@code BertForTokenClassification} with labels set to -100 elsewhere.
 */
public final class NerTask implements TrainingTask {

  private final Encoder encoder;
  private final Linear classifier;
  private final List<NerFeatures> examples;
  private final List<NamedParameter> parameters;

  /**
   * Creates the task.
   *
   * @param encoder the encoder
   * @param classifier the token-classification head {@code (L, C)}
   * @param examples encoded training sentences
   * @param parameters the weights to train
   */
  public NerTask(
      Encoder encoder,
      Linear classifier,
      List<NerFeatures> examples,
      List<NamedParameter> parameters) {
    this.encoder = encoder;
    this.classifier = classifier;
    this.examples = List.copyOf(examples);
    this.parameters = List.copyOf(parameters);
  }

  @Override
  public List<NamedParameter> parameters() {
    return parameters;
  }

  @Override
  public int[] lengths() {
    return examples.stream().mapToInt(NerFeatures::length).toArray();
  }

  @Override
  public NDArray loss(NDManager manager, int[] batch) {
    int b = batch.length;
    int t = 0;
    for (int i : batch) {
      t = Math.max(t, examples.get(i).length());
    }
    long[] ids = new long[b * t];
    long[] types = new long[b * t];
    long[] mask = new long[b * t];
    long[] targets = new long[b * t];
    float[] weight = new float[b * t];
    for (int r = 0; r < b; r++) {
      NerFeatures f = examples.get(batch[r]);
      for (int k = 0; k < f.length(); k++) {
        int at = r * t + k;
        ids[at] = f.ids()[k];
        types[at] = f.typeIds()[k];
        mask[at] = 1;
        if (f.labels()[k] != NerFeatures.IGNORE) {
          targets[at] = f.labels()[k];
          weight[at] = 1;
        }
      }
    }
    Shape shape = new Shape(b, t);
    NDArray hidden =
        encoder.forward(
            manager.create(ids, shape),
            manager.create(mask, shape),
            encoder.usesTokenTypes() ? manager.create(types, shape) : null); // (B, T, C)
    NDArray logProbs = classifier.forward(hidden).logSoftmax(-1); // (B, T, L)
    NDArray picked =
        logProbs.gather(manager.create(targets, new Shape(b, t, 1)), 2).reshape(b, t); // (B, T)
    NDArray w = manager.create(weight, shape);
    NDArray count = w.sum().maximum(manager.create(1f)); // a batch with no label adds 0
    return picked.mul(w).sum().div(count).neg();
  }

  /** Label-carrying tokens in the whole training set. */
  public long labelledTokens() {
    long n = 0;
    for (NerFeatures f : examples) {
      for (int l : f.labels()) {
        n += l == NerFeatures.IGNORE ? 0 : 1;
      }
    }
    return n;
  }
}
