package dev.llmkit.inference.minilm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The sizes a BERT {@code config.json} needs, read off the weight shapes (all but the head count,
 * which no weight reveals).
 *
 * @param vocabSize rows of {@code embeddings.word_embeddings.weight}
 * @param hiddenSize its columns
 * @param numHiddenLayers number of {@code encoder.layer.N} blocks
 * @param numAttentionHeads attention heads per layer
 * @param intermediateSize rows of {@code encoder.layer.0.intermediate.dense.weight}
 * @param maxPositionEmbeddings rows of {@code embeddings.position_embeddings.weight}
 * @param typeVocabSize rows of {@code embeddings.token_type_embeddings.weight}
 * @param layerNormEps LayerNorm epsilon
 */
public record BertDimensions(
    int vocabSize,
    int hiddenSize,
    int numHiddenLayers,
    int numAttentionHeads,
    int intermediateSize,
    int maxPositionEmbeddings,
    int typeVocabSize,
    double layerNormEps) {

  /** Checks the sizes are consistent. */
  public BertDimensions {
    if (vocabSize < 1
        || hiddenSize < 1
        || numHiddenLayers < 1
        || numAttentionHeads < 1
        || intermediateSize < 1
        || maxPositionEmbeddings < 1
        || typeVocabSize < 1) {
      throw new IllegalArgumentException("non-positive BERT dimension in " + this);
    }
    if (hiddenSize % numAttentionHeads != 0) {
      throw new IllegalArgumentException(
          "hidden size " + hiddenSize + " is not a multiple of " + numAttentionHeads + " heads");
    }
  }

  /**
   * The {@code config.json} of a {@code BertModel} with these sizes, as transformers writes it
   * (https://github.com/huggingface/transformers/blob/main/src/transformers/models/bert/configuration_bert.py).
   *
   * @param mapper used to build the tree
   * @return the JSON object
   */
  public ObjectNode toConfigJson(ObjectMapper mapper) {
    ObjectNode c = mapper.createObjectNode();
    c.putArray("architectures").add("BertModel");
    c.put("model_type", "bert");
    c.put("vocab_size", vocabSize);
    c.put("hidden_size", hiddenSize);
    c.put("num_hidden_layers", numHiddenLayers);
    c.put("num_attention_heads", numAttentionHeads);
    c.put("intermediate_size", intermediateSize);
    c.put("hidden_act", "gelu");
    c.put("hidden_dropout_prob", 0.1);
    c.put("attention_probs_dropout_prob", 0.1);
    c.put("max_position_embeddings", maxPositionEmbeddings);
    c.put("type_vocab_size", typeVocabSize);
    c.put("initializer_range", 0.02);
    c.put("layer_norm_eps", layerNormEps);
    c.put("pad_token_id", 0);
    c.put("position_embedding_type", "absolute");
    c.put("torch_dtype", "float32");
    return c;
  }
}
