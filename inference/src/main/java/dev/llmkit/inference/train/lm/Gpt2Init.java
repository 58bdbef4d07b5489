package dev.llmkit.inference.train.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Weights;
import java.util.ArrayList;
import java.util.List;

/**
 * Fresh GPT-2 weights initialised as Hugging Face's {@code GPT2PreTrainedModel._init_weights}:
 * projections and embeddings from N(0, 0.02), biases 0, LayerNorm weights 1, and the residual
 * output projections ({@code c_proj}) from N(0, 0.02 / sqrt(2 · n_layer)).
 *
 * <p>Draws from the engine's generator: seed it ({@code Engine.setRandomSeed}) first for a
 * reproducible model.
 */
public final class Gpt2Init {

  private static final float STD = 0.02f;

  private Gpt2Init() {}

  /** New weights in {@code manager}, with the head tied to {@code wte}. */
  public static Gpt2Weights randomWeights(Gpt2Config config, NDManager manager) {
    if (!config.tieWordEmbeddings()) {
      throw new IllegalArgumentException("from-scratch models tie the LM head to wte");
    }
    long c = config.nEmbd();
    long inner = config.nInner();
    float residualStd = (float) (STD / Math.sqrt(2.0 * config.nLayer()));
    NDArray wte = normal(manager, STD, config.vocabSize(), c);
    NDArray wpe = normal(manager, STD, config.nPositions(), c);
    List<Gpt2Weights.Block> blocks = new ArrayList<>();
    for (int i = 0; i < config.nLayer(); i++) {
      blocks.add(
          new Gpt2Weights.Block(
              ones(manager, c),
              zeros(manager, c),
              normal(manager, STD, c, 3 * c),
              zeros(manager, 3 * c),
              normal(manager, residualStd, c, c),
              zeros(manager, c),
              ones(manager, c),
              zeros(manager, c),
              normal(manager, STD, c, inner),
              zeros(manager, inner),
              normal(manager, residualStd, inner, c),
              zeros(manager, c)));
    }
    return new Gpt2Weights(wte, wpe, blocks, ones(manager, c), zeros(manager, c), wte);
  }

  private static NDArray normal(NDManager m, float std, long... shape) {
    return m.randomNormal(0f, std, new Shape(shape), DataType.FLOAT32);
  }

  private static NDArray zeros(NDManager m, long n) {
    return m.zeros(new Shape(n), DataType.FLOAT32);
  }

  private static NDArray ones(NDManager m, long n) {
    return m.ones(new Shape(n), DataType.FLOAT32);
  }
}
