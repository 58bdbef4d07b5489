package dev.llmkit.inference.bert;

import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;

/**
 * BERT hyper-parameters, mapped once from {@code config.json} names (transformers' {@code
 * BertConfig}, whose defaults apply to absent keys).
 *
 * @param vocabSize {@code vocab_size}
 * @param hiddenSize {@code hidden_size}
 * @param numHiddenLayers {@code num_hidden_layers}
 * @param numAttentionHeads {@code num_attention_heads}
 * @param intermediateSize {@code intermediate_size}
 * @param hiddenAct {@code hidden_act}
 * @param layerNormEps {@code layer_norm_eps}
 * @param maxPositionEmbeddings {@code max_position_embeddings}
 * @param typeVocabSize {@code type_vocab_size}
 * @param padTokenId {@code pad_token_id}
 */
public record BertConfig(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    Activation hiddenAct,
    float layerNormEps,
    int maxPositionEmbeddings,
    int typeVocabSize,
    int padTokenId) {

  /** Checks the heads divide the hidden size. */
  public BertConfig {
    if (hiddenSize % numAttentionHeads != 0) {
      throw new ModelLoadException(
          "hidden_size "
              + hiddenSize
              + " is not a multiple of num_attention_heads "
              + numAttentionHeads);
    }
  }

  /** Reads the BERT fields of a config, with {@code BertConfig}'s defaults. */
  public static BertConfig from(ModelConfig c) {
    return from(c, 30522, 1e-12, 2, 0);
  }

  /** Shared with RoBERTa, whose config class has the same fields but other defaults. */
  static BertConfig from(
      ModelConfig c, int vocabDefault, double epsDefault, int typeVocabDefault, int padDefault) {
    try {
      return new BertConfig(
          c.positiveInt("vocab_size", vocabDefault),
          c.positiveInt("hidden_size", 768),
          c.positiveInt("num_hidden_layers", 12),
          c.positiveInt("num_attention_heads", 12),
          c.positiveInt("intermediate_size", 3072),
          Activation.fromConfig(c.stringValue("hidden_act", "gelu")),
          (float) c.doubleValue("layer_norm_eps", epsDefault),
          c.positiveInt("max_position_embeddings", 512),
          c.positiveInt("type_vocab_size", typeVocabDefault),
          c.intValue("pad_token_id", padDefault));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(c.source() + ": " + e.getMessage(), e);
    }
  }

  /** Head size {@code D = C / H}. */
  public int headSize() {
    return hiddenSize / numAttentionHeads;
  }
}
