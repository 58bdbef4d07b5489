package dev.llmkit.inference.gpt2;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.model.CheckpointBinder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The GPT-2 parameters, each tensor name spelled once, in {@link #bind}. Conv1D weights keep their
 * stored (in, out) layout.
 *
 * @param wte token embedding (V, C)
 * @param wpe position embedding (P, C)
 * @param blocks the transformer blocks
 * @param lnFWeight final LayerNorm weight (C)
 * @param lnFBias final LayerNorm bias (C)
 * @param lmHead LM head (V, C): {@code wte} itself when tied
 * @param byName every parameter under its {@code GPT2LMHeadModel} name ({@code
 *     transformer.h.0.ln_1.weight}, ...), the tied head listed once as {@code wte}
 */
public record Gpt2Weights(
    NDArray wte,
    NDArray wpe,
    List<Block> blocks,
    NDArray lnFWeight,
    NDArray lnFBias,
    NDArray lmHead,
    Map<String, NDArray> byName) {

  /** The base-model attribute of {@code GPT2LMHeadModel}; {@code GPT2Model} checkpoints lack it. */
  public static final String BASE_PREFIX = "transformer";

  /**
   * The untied LM head, outside the base model (read only when {@code tie_word_embeddings} is off).
   */
  public static final String LM_HEAD = "lm_head.weight";

  /** Causal-mask buffers that old checkpoints carry: not parameters, skipped. */
  private static final Pattern BUFFER =
      Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");

  /** Copies {@code blocks}; keeps {@code byName}'s order. */
  public Gpt2Weights {
    blocks = List.copyOf(blocks);
    byName = Collections.unmodifiableMap(new LinkedHashMap<>(byName));
  }

  /** Where each tensor comes from: a checkpoint, or a fresh initialisation. */
  @FunctionalInterface
  public interface Source {
    /**
     * @param name the Hugging Face name inside the base model ({@code h.0.ln_1.weight}), or {@link
     *     #LM_HEAD}
     * @param shape the shape the config implies
     */
    NDArray tensor(String name, long... shape);
  }

  /**
   * Binds the weights of {@code config} from a checkpoint: with or without the {@code transformer.}
   * prefix, registered under it, mask buffers and a tied checkpoint's stored head skipped, and any
   * other tensor the config does not use refused (a checkpoint with more layers than the config).
   * Missing and misshapen tensors are reported by {@link CheckpointBinder#finish()}.
   */
  public static Gpt2Weights bind(Gpt2Config config, CheckpointBinder binder) {
    binder.alsoIgnore(name -> BUFFER.matcher(name).matches()).rejectUnexpected();
    return bind(
        config,
        (name, shape) ->
            name.equals(LM_HEAD) ? binder.headTensor(name, shape) : binder.tensor(name, shape));
  }

  /**
   * Asks {@code source} for every tensor of {@code config}, by name and shape, in {@code
   * GPT2LMHeadModel}'s order (<a
   * href="https://github.com/huggingface/transformers/blob/main/src/transformers/models/gpt2/modeling_gpt2.py">modeling_gpt2.py</a>).
   */
  public static Gpt2Weights bind(Gpt2Config config, Source source) {
    Map<String, NDArray> byName = new LinkedHashMap<>();
    Source named =
        (name, shape) -> {
          NDArray array = source.tensor(name, shape);
          byName.put(name.equals(LM_HEAD) ? name : BASE_PREFIX + "." + name, array);
          return array;
        };
    long c = config.nEmbd();
    long inner = config.nInner();
    NDArray wte = named.tensor("wte.weight", config.vocabSize(), c);
    NDArray wpe = named.tensor("wpe.weight", config.nPositions(), c);
    List<Block> blocks = new ArrayList<>(config.nLayer());
    for (int i = 0; i < config.nLayer(); i++) {
      String p = "h." + i + ".";
      blocks.add(
          new Block(
              named.tensor(p + "ln_1.weight", c),
              named.tensor(p + "ln_1.bias", c),
              named.tensor(p + "attn.c_attn.weight", c, 3 * c),
              named.tensor(p + "attn.c_attn.bias", 3 * c),
              named.tensor(p + "attn.c_proj.weight", c, c),
              named.tensor(p + "attn.c_proj.bias", c),
              named.tensor(p + "ln_2.weight", c),
              named.tensor(p + "ln_2.bias", c),
              named.tensor(p + "mlp.c_fc.weight", c, inner),
              named.tensor(p + "mlp.c_fc.bias", inner),
              named.tensor(p + "mlp.c_proj.weight", inner, c),
              named.tensor(p + "mlp.c_proj.bias", c)));
    }
    NDArray lnFWeight = named.tensor("ln_f.weight", c);
    NDArray lnFBias = named.tensor("ln_f.bias", c);
    NDArray lmHead =
        config.tieWordEmbeddings() ? wte : named.tensor(LM_HEAD, config.vocabSize(), c);
    return new Gpt2Weights(wte, wpe, blocks, lnFWeight, lnFBias, lmHead, byName);
  }

  /** Every trainable array (the tied head counted once). */
  public List<NDArray> parameters() {
    return List.copyOf(byName.values());
  }

  /**
   * One transformer block ({@code h.N}); weights are (in, out).
   *
   * @param ln1Weight (C)
   * @param ln1Bias (C)
   * @param attnWeight c_attn (C, 3C): query | key | value
   * @param attnBias (3C)
   * @param attnProjWeight attention c_proj (C, C)
   * @param attnProjBias (C)
   * @param ln2Weight (C)
   * @param ln2Bias (C)
   * @param fcWeight mlp c_fc (C, I)
   * @param fcBias (I)
   * @param mlpProjWeight mlp c_proj (I, C)
   * @param mlpProjBias (C)
   */
  public record Block(
      NDArray ln1Weight,
      NDArray ln1Bias,
      NDArray attnWeight,
      NDArray attnBias,
      NDArray attnProjWeight,
      NDArray attnProjBias,
      NDArray ln2Weight,
      NDArray ln2Bias,
      NDArray fcWeight,
      NDArray fcBias,
      NDArray mlpProjWeight,
      NDArray mlpProjBias) {}
}
