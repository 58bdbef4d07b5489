package dev.llmkit.inference.roberta;

import dev.llmkit.inference.bert.BertConfig;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;

/**
 * RoBERTa hyper-parameters. The config uses BERT's field names (transformers' {@code
 * RobertaConfig}) with other defaults, notably {@code pad_token_id = 1}, which is also the
 * position-embedding padding index.
 *
 * @param bert the BERT-named fields
 */
public record RobertaConfig(BertConfig bert) {

  /** Reads a RoBERTa config with {@code RobertaConfig}'s defaults. */
  public static RobertaConfig from(ModelConfig c) {
    try {
      BertConfig b =
          new BertConfig(
              c.positiveInt("vocab_size", 50265),
              c.positiveInt("hidden_size", 768),
              c.positiveInt("num_hidden_layers", 12),
              c.positiveInt("num_attention_heads", 12),
              c.positiveInt("intermediate_size", 3072),
              Activation.fromConfig(c.stringValue("hidden_act", "gelu")),
              (float) c.doubleValue("layer_norm_eps", 1e-12),
              c.positiveInt("max_position_embeddings", 512),
              c.positiveInt("type_vocab_size", 2),
              c.intValue("pad_token_id", 1));
      return new RobertaConfig(b);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(c.source() + ": " + e.getMessage(), e);
    }
  }

  /** The padding index, where positions start ({@code padding_idx + 1} is the first token). */
  public int paddingIdx() {
    return bert.padTokenId();
  }

  /** Positions available to tokens: {@code max_position_embeddings - padding_idx - 1}. */
  public int maxSequenceLength() {
    return bert.maxPositionEmbeddings() - paddingIdx() - 1;
  }
}
