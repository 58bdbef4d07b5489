package dev.llmkit.inference.train.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.TrainingTask;
import java.util.Arrays;
import java.util.List;

/**
 * Next-token prediction on packed blocks, as Hugging Face's {@code run_clm.py} ({@code
 * group_texts}): the token stream (documents joined by the end-of-text token) is cut into
 * consecutive blocks of {@code blockSize + 1} tokens overlapping by one; block {@code i} trains the
 * model to predict tokens {@code 1..T} from tokens {@code 0..T-1}, so every token but the first is
 * a target exactly once per epoch. Loss: mean cross-entropy, as {@code GPT2LMHeadModel}.
 */
public final class LanguageModelTask implements TrainingTask {

  private final Gpt2Model model;
  private final long[] tokens;
  private final int blockSize;
  private final int blocks;
  private final List<NamedParameter> parameters;

  /**
   * Creates the task.
   *
   * @param model the model to train (all its weights are trained)
   * @param tokens the training token stream
   * @param blockSize tokens per example, at most the model's context
   */
  public LanguageModelTask(Gpt2Model model, long[] tokens, int blockSize) {
    if (blockSize < 2 || blockSize > model.contextLength()) {
      throw new IllegalArgumentException(
          "blockSize must be in [2, " + model.contextLength() + "], got " + blockSize);
    }
    this.blocks = (tokens.length - 1) / blockSize;
    if (blocks < 1) {
      throw new IllegalArgumentException(
          "need more than " + blockSize + " training tokens, got " + tokens.length);
    }
    this.model = model;
    this.tokens = tokens;
    this.blockSize = blockSize;
    this.parameters = Gpt2Export.parameters(model.weights());
  }

  /** Number of training blocks (examples per epoch). */
  public int blocks() {
    return blocks;
  }

  @Override
  public List<NamedParameter> parameters() {
    return parameters;
  }

  @Override
  public int[] lengths() {
    int[] lengths = new int[blocks];
    Arrays.fill(lengths, blockSize);
    return lengths;
  }

  @Override
  public NDArray loss(NDManager manager, int[] examples) {
    int b = examples.length;
    long[] inputs = new long[b * blockSize];
    long[] targets = new long[b * blockSize];
    for (int i = 0; i < b; i++) {
      int from = examples[i] * blockSize;
      System.arraycopy(tokens, from, inputs, i * blockSize, blockSize);
      System.arraycopy(tokens, from + 1, targets, i * blockSize, blockSize);
    }
    NDArray ids = manager.create(inputs, new Shape(b, blockSize)); // (B, T)
    NDArray next = manager.create(targets, new Shape(b, blockSize, 1)); // (B, T, 1)
    NDArray hidden = model.forward(ids, null, null); // (B, T, C)
    // The tied head as a fresh transpose owned by the step (a view made before training would
    // not carry gradients back to wte, and one made from wte alone would land in its manager).
    NDArray headT = model.weights().lmHead().transpose(); // (C, V)
    headT.attach(manager);
    NDArray logProbs = hidden.matMul(headT).logSoftmax(-1); // (B, T, V)
    return logProbs.gather(next, 2).mean().neg(); // mean over B·T of -log p(next)
  }
}
