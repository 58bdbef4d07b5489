package dev.llmkit.inference.gpt2;

import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelFamily;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;
import java.nio.file.Path;
import java.util.OptionalLong;

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
 * @param activationFunction {@code activation_function} (default gelu_new)
 * @param bosTokenId {@code bos_token_id}; -1 for none
 * @param eosTokenId {@code eos_token_id}; -1 for none
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
    Activation activationFunction,
    long bosTokenId,
    long eosTokenId,
    boolean tieWordEmbeddings) {

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
    if (activationFunction == null) {
      throw new IllegalArgumentException("activation_function is required");
    }
  }

  /**
   * Reads {@code directory/config.json}.
   *
   * @throws ModelLoadException when it is missing, not GPT-2, or holds invalid values
   */
  public static Gpt2Config read(Path directory) {
    return from(ModelConfig.read(directory));
  }

  /**
   * Maps the GPT-2 fields of a config; absent keys take the {@code gpt2} defaults.
   *
   * @throws ModelLoadException when the config is not GPT-2 or a value is invalid
   */
  public static Gpt2Config from(ModelConfig c) {
    if (c.family() != ModelFamily.GPT2) {
      throw new ModelLoadException(c.source() + ": a " + c.family() + " config, expected GPT-2");
    }
    try {
      int nEmbd = c.positiveInt("n_embd", 768);
      int nPositions = c.positiveInt("n_positions", 1024);
      return new Gpt2Config(
          nEmbd,
          c.positiveInt("n_layer", 12),
          c.positiveInt("n_head", 12),
          nPositions,
          c.positiveInt("n_ctx", nPositions),
          c.positiveInt("n_inner", 4 * nEmbd), // null in the file means 4 × n_embd
          c.positiveInt("vocab_size", 50257),
          c.doubleValue("layer_norm_epsilon", 1e-5),
          Activation.fromConfig(c.stringValue("activation_function", "gelu_new")),
          c.intValue("bos_token_id", 50256), // absent or null: GPT2Config's default
          c.intValue("eos_token_id", 50256),
          c.booleanValue("tie_word_embeddings", true));
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(c.source() + ": " + e.getMessage(), e);
    }
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

  private static void positive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be > 0, got " + value);
    }
  }
}
