package dev.llmkit.inference.train.qa;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.SpanLogits;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.TrainingTask;
import java.util.Arrays;
import java.util.List;

/**
 * Extractive QA: the mean of the start and end cross-entropies over each window's tokens, as {@code
 * BertForQuestionAnswering} computes its loss.
 */
public final class QaTask implements TrainingTask {

  private final QuestionAnswerer model;
  private final List<QaFeatures> windows;
  private final List<NamedParameter> parameters;
  private final long padId;

  /**
   * Creates the task.
   *
   * @param model encoder with its {@code qa_outputs} head
   * @param windows training windows
   * @param parameters the weights to train
   * @param padId the tokenizer's padding id
   */
  public QaTask(
      QuestionAnswerer model,
      List<QaFeatures> windows,
      List<NamedParameter> parameters,
      long padId) {
    this.model = model;
    this.windows = List.copyOf(windows);
    this.parameters = List.copyOf(parameters);
    this.padId = padId;
  }

  @Override
  public List<NamedParameter> parameters() {
    return parameters;
  }

  @Override
  public int[] lengths() {
    return windows.stream().mapToInt(QaFeatures::length).toArray();
  }

  @Override
  public NDArray loss(NDManager manager, int[] batch) {
    int b = batch.length;
    int t = 0;
    for (int i : batch) {
      t = Math.max(t, windows.get(i).length());
    }
    long[] ids = new long[b * t];
    long[] types = new long[b * t];
    long[] mask = new long[b * t];
    long[] starts = new long[b];
    long[] ends = new long[b];
    Arrays.fill(ids, padId);
    for (int r = 0; r < b; r++) {
      QaFeatures f = windows.get(batch[r]);
      System.arraycopy(f.ids(), 0, ids, r * t, f.length());
      System.arraycopy(f.typeIds(), 0, types, r * t, f.length());
      Arrays.fill(mask, r * t, r * t + f.length(), 1);
      starts[r] = f.startPosition();
      ends[r] = f.endPosition();
    }
    Shape shape = new Shape(b, t);
    SpanLogits logits =
        model.logits(
            manager.create(ids, shape),
            manager.create(mask, shape),
            model.encoder().usesTokenTypes() ? manager.create(types, shape) : null);
    NDArray startLoss = crossEntropy(logits.start(), manager.create(starts, new Shape(b, 1)));
    NDArray endLoss = crossEntropy(logits.end(), manager.create(ends, new Shape(b, 1)));
    return startLoss.add(endLoss).div(manager.create(2f));
  }

  /** Mean of {@code -log softmax(logits)[target]} over the batch: (B, T), (B, 1) → scalar. */
  private static NDArray crossEntropy(NDArray logits, NDArray targets) {
    return logits.logSoftmax(1).gather(targets, 1).mean().neg();
  }

  /** Windows that contain their answer. */
  public long answerableWindows() {
    return windows.stream().filter(QaFeatures::hasAnswer).count();
  }
}
