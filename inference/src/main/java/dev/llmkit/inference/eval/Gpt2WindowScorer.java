package dev.llmkit.inference.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.nn.NoGrad;
import java.util.Arrays;

/** Scores windows with a GPT-2 model: one forward pass per window, in a request sub-manager. */
public final class Gpt2WindowScorer implements WindowScorer {

  private final Gpt2Model model;

  /** Wraps a loaded model. */
  public Gpt2WindowScorer(Gpt2Model model) {
    this.model = model;
  }

  @Override
  public double[] nextTokenNll(long[] window) {
    int t = window.length;
    try (NDManager request = model.manager().newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      NDArray ids = request.create(window, new Shape(1, t)); // (1, T)
      NDArray next = request.create(Arrays.copyOfRange(window, 1, t), new Shape(1, t - 1, 1));
      NDArray logits = model.logits(ids, null).get(":, :-1, :"); // (1, T-1, V)
      float[] logProbs = logits.logSoftmax(-1).gather(next, 2).toFloatArray(); // (1, T-1, 1)
      double[] nll = new double[t - 1];
      for (int i = 0; i < nll.length; i++) {
        nll[i] = -logProbs[i];
      }
      return nll;
    }
  }
}
