package dev.llmkit.inference.gpt2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import java.util.Set;

/**
 * GPT-2 hyper-parameters, mapped once from the Hugging Face {@code config.json} names ({@code
 * GPT2Config}); defaults are those of {@code gpt2} (124M).
 *
 * @param nEmbd {@code n_embd}: hidden size C
 * @param nLayer {@code n_layer}: number of blocks
 * @param nHead {@code n_head}: attention heads H (C must be a multiple)
 * @param nPositions {@code n_positions}: learned positions, the context length
 * @param nCtx {@code n_ctx}: legacy alias of n_positions (kept for round trips)
 * @param nInner {@code n_inner}: MLP width; {@code null} in the file means 4 × n_embd
 * @param vocabSize {@code vocab_size}
 * @param layerNormEpsilon {@code layer_norm_epsilon}
 * @param activationFunction {@code activation_function}: gelu_new (default), gelu_pytorch_tanh,
 *     gelu or relu
 * @param bosTokenId {@code bos_token_id}, -1 when absent
 * @param eosTokenId {@code eos_token_id}, -1 when absent
 * @param tieWordEmbeddings {@code tie_word_embeddings}: the LM head is {@code wte}
 * @see <a
 *     href="https://github.com/huggingface/transformers/blob/main/src/transformers/models/gpt2/configuration_gpt2.py">configuration_gpt2.py</a>
 */
public record Gpt2Config(
    int nEmbd,
    int nLayer,
    int nHead,
    int nPositions,
    int nCtx,
    int nInner,
    int vocabSize,
    double layerNormEpsilon,
    String activationFunction,
    long bosTokenId,
    long eosTokenId,
    boolean tieWordEmbeddings) {

  /** Activations this implementation knows. */
  public static final Set<String> ACTIVATIONS =
      Set.of("gelu_new", "gelu_pytorch_tanh", "gelu", "relu");

  /** Checks that the numbers describe a buildable model. */
  public Gpt2Config {
    positive("n_embd", nEmbd);
    positive("n_layer", nLayer);
    positive("n_head", nHead);
    positive("n_positions", nPositions);
    positive("n_inner", nInner);
    positive("vocab_size", vocabSize);
    if (nEmbd % nHead != 0) {
      throw new IllegalArgumentException(
          "n_embd (" + nEmbd + ") must be a multiple of n_head (" + nHead + ")");
    }
    if (!(layerNormEpsilon > 0)) {
      throw new IllegalArgumentException("layer_norm_epsilon must be > 0, got " + layerNormEpsilon);
    }
    if (!ACTIVATIONS.contains(activationFunction)) {
      throw new IllegalArgumentException(
          "unsupported activation_function '"
              + activationFunction
              + "'; supported: "
              + ACTIVATIONS.stream().sorted().toList());
    }
  }

  /** Reads {@code config.json}. */
  public static Gpt2Config read(Path configJson) throws IOException {
    return parse(new ObjectMapper().readTree(Files.readString(configJson)));
  }

  /**
   * Maps a parsed {@code config.json}; absent keys take the {@code gpt2} defaults.
   *
   * @throws IllegalArgumentException when {@code model_type} is not gpt2 or a value is invalid
   */
  public static Gpt2Config parse(JsonNode json) {
    String modelType = json.path("model_type").asText("gpt2");
    if (!modelType.equals("gpt2")) {
      throw new IllegalArgumentException("model_type is '" + modelType + "', expected 'gpt2'");
    }
    int nEmbd = json.path("n_embd").asInt(768);
    int nPositions = json.path("n_positions").asInt(1024);
    JsonNode inner = json.path("n_inner");
    return new Gpt2Config(
        nEmbd,
        json.path("n_layer").asInt(12),
        json.path("n_head").asInt(12),
        nPositions,
        json.path("n_ctx").asInt(nPositions),
        inner.isNumber() ? inner.asInt() : 4 * nEmbd,
        json.path("vocab_size").asInt(50257),
        json.path("layer_norm_epsilon").asDouble(1e-5),
        json.path("activation_function").asText("gelu_new"),
        tokenId(json.path("bos_token_id"), 50256),
        tokenId(json.path("eos_token_id"), 50256),
        json.path("tie_word_embeddings").asBoolean(true));
  }

  /** Per-head size D = C / H. */
  public int headDim() {
    return nEmbd / nHead;
  }

  /** The bos id, if any. */
  public OptionalLong bos() {
    return bosTokenId < 0 ? OptionalLong.empty() : OptionalLong.of(bosTokenId);
  }

  /** The eos id, if any. */
  public OptionalLong eos() {
    return eosTokenId < 0 ? OptionalLong.empty() : OptionalLong.of(eosTokenId);
  }

  private static long tokenId(JsonNode node, long fallback) {
    if (node.isMissingNode()) {
      return fallback;
    }
    if (node.isArray()) { // some configs list several eos ids: the first is the canonical one
      return node.isEmpty() ? -1 : node.get(0).asLong();
    }
    return node.isNull() ? -1 : node.asLong();
  }

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
