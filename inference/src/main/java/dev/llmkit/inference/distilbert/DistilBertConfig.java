package dev.llmkit.inference.distilbert;

import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;

/**
 * DistilBERT hyper-parameters under their own {@code config.json} names (transformers' {@code
 * DistilBertConfig}); LayerNorm epsilon is fixed at 1e-12 in the model code.
 *
 * @param vocabSize {@code vocab_size}
 * @param dim {@code dim} (hidden size)
 * @param nLayers {@code n_layers}
 * @param nHeads {@code n_heads}
 * @param hiddenDim {@code hidden_dim} (feed-forward size)
 * @param activation {@code activation}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param padTokenId {@code pad_token_id}
 */
public record DistilBertConfig(
    int vocabSize,
    int dim,
    int nLayers,
    int nHeads,
    int hiddenDim,
    Activation activation,
    int maxPositionEmbeddings,
    int padTokenId) {

  /** LayerNorm epsilon hard-coded in {@code modeling_distilbert.py}. */
  public static final float LAYER_NORM_EPS = 1e-12f;

  /** Checks the heads divide the hidden size. */
  public DistilBertConfig {
    if (dim % nHeads != 0) {
      throw new ModelLoadException("dim " + dim + " is not a multiple of n_heads " + nHeads);
    }
  }

  /** Reads the DistilBERT fields with {@code DistilBertConfig}'s defaults. */
  public static DistilBertConfig from(ModelConfig c) {
    try {
      return new DistilBertConfig(
          c.positiveInt("vocab_size", 30522),
          c.positiveInt("dim", 768),
          c.positiveInt("n_layers", 6),
          c.positiveInt("n_heads", 12),
          c.positiveInt("hidden_dim", 3072),
          Activation.fromConfig(c.stringValue("activation", "gelu")),
          c.positiveInt("max_position_embeddings", 512),
          c.intValue("pad_token_id", 0));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(c.source() + ": " + e.getMessage(), e);
    }
  }
}
