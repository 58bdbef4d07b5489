package dev.llmkit.inference.train.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Weights;

/**
 * Fresh GPT-2 weights initialised as Hugging Face's {@code GPT2PreTrainedModel._init_weights}:
 * projections and embeddings from N(0, 0.02), biases 0, LayerNorm weights 1, and the residual
 * output projections ({@code c_proj.weight}) from N(0, 0.02 / sqrt(2 · n_layer)).
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
    float residualStd = (float) (STD / Math.sqrt(2.0 * config.nLayer()));
    return Gpt2Weights.bind(
        config,
        (name, shape) -> {
          Shape s = new Shape(shape);
          if (name.endsWith(".bias")) {
            return manager.zeros(s, DataType.FLOAT32);
          }
          if (name.startsWith("ln_") || name.contains(".ln_")) {
            return manager.ones(s, DataType.FLOAT32);
          }
          float std = name.endsWith("c_proj.weight") ? residualStd : STD;
          return normal(manager, std, s);
        });
  }

  private static NDArray normal(NDManager m, float std, Shape shape) {
    return m.randomNormal(0f, std, shape, DataType.FLOAT32);
  }
}
