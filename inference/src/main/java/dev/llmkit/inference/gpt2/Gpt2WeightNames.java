package dev.llmkit.inference.gpt2;

import java.util.Collection;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every GPT-2 tensor name, spelled once. Checkpoints saved from {@code GPT2LMHeadModel} prefix the
 * body with {@code transformer.}; those saved from {@code GPT2Model} (the original {@code gpt2}
 * upload) do not.
 */
public record Gpt2WeightNames(String prefix) {

  /** The prefix of {@code GPT2LMHeadModel} checkpoints. */
  public static final String TRANSFORMER_PREFIX = "transformer.";

  /** Untied LM head (only read when {@code tie_word_embeddings} is false). */
  public static final String LM_HEAD = "lm_head.weight";

  /** Causal-mask buffers that old checkpoints carry; not parameters, skipped. */
  private static final Pattern BUFFER =
      Pattern.compile("(transformer\\.)?h\\.\\d+\\.attn\\.(bias|masked_bias)");

  /** Picks the prefix by looking for the token embedding under either spelling. */
  public static Gpt2WeightNames detect(Collection<String> names) {
    if (names.contains(TRANSFORMER_PREFIX + "wte.weight")) {
      return new Gpt2WeightNames(TRANSFORMER_PREFIX);
    }
    return new Gpt2WeightNames("");
  }

  /** Whether {@code name} is a buffer to skip rather than a parameter. */
  public static boolean isBuffer(String name) {
    return BUFFER.matcher(name).matches();
  }

  /** Token embedding (V, C), also the tied LM head. */
  public String wte() {
    return prefix + "wte.weight";
  }

  /** Position embedding (P, C). */
  public String wpe() {
    return prefix + "wpe.weight";
  }

  /** Final LayerNorm; {@code part} is weight or bias. */
  public String lnF(String part) {
    return prefix + "ln_f." + part;
  }

  /**
   * A tensor of block {@code layer}, e.g. {@code block(0, "attn.c_attn.weight")}.
   *
   * @param layer block index
   * @param local name inside the block
   */
  public String block(int layer, String local) {
    return prefix + "h." + layer + "." + local;
  }

  /** Names inside a block, with HF spelling. Conv1D weights are stored (in, out). */
  public static final Set<String> BLOCK_TENSORS =
      Set.of(
          "ln_1.weight",
          "ln_1.bias",
          "attn.c_attn.weight",
          "attn.c_attn.bias",
          "attn.c_proj.weight",
          "attn.c_proj.bias",
          "ln_2.weight",
          "ln_2.bias",
          "mlp.c_fc.weight",
          "mlp.c_fc.bias",
          "mlp.c_proj.weight",
          "mlp.c_proj.bias");
}
