package dev.llmkit.server.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Effective text-generation parameters, TGI names (<a
 * href="https://huggingface.github.io/text-generation-inference/">TGI API</a>).
 *
 * @param maxNewTokens most tokens to generate
 * @param doSample sample (true) or greedy decode (false)
 * @param temperature softmax temperature, {@code > 0}
 * @param topK keep the k most likely tokens (0: off)
 * @param topP nucleus mass in {@code (0, 1]} (1: off)
 * @param repetitionPenalty CTRL penalty, {@code > 0} (1: off)
 * @param seed sampling seed, or null for a random one
 * @param stop stop sequences (not part of the output)
 * @param returnFullText prefix the prompt to {@code generated_text}
 * @param details add {@code details} to the response
 * @param topNTokens TGI's {@code top_n_tokens}: report this many most likely tokens per step (0:
 *     none)
 */
public record GenerationParameters(
    int maxNewTokens,
    boolean doSample,
    float temperature,
    int topK,
    float topP,
    float repetitionPenalty,
    Long seed,
    List<String> stop,
    boolean returnFullText,
    boolean details,
    @JsonProperty("top_n_tokens") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int topNTokens) {

  /** Most {@code top_n_tokens} a request may ask for (the generator's own limit). */
  public static final int MAX_TOP_N_TOKENS = 20;

  /** Copies the stop list. */
  public GenerationParameters {
    stop = List.copyOf(stop);
  }

  /** Parameters that ask for no {@code top_n_tokens}. */
  public GenerationParameters(
      int maxNewTokens,
      boolean doSample,
      float temperature,
      int topK,
      float topP,
      float repetitionPenalty,
      Long seed,
      List<String> stop,
      boolean returnFullText,
      boolean details) {
    this(
        maxNewTokens,
        doSample,
        temperature,
        topK,
        topP,
        repetitionPenalty,
        seed,
        stop,
        returnFullText,
        details,
        0);
  }

  /**
   * The model's own defaults (its {@code generation_config.json}): each replaces the server's
   * default when a request leaves the parameter out; null where the model sets none.
   *
   * @param maxNewTokens {@code max_new_tokens}
   * @param doSample {@code do_sample}
   * @param temperature {@code temperature}
   * @param topK {@code top_k}
   * @param topP {@code top_p}
   * @param repetitionPenalty {@code repetition_penalty}
   */
  public record Defaults(
      Integer maxNewTokens,
      Boolean doSample,
      Float temperature,
      Integer topK,
      Float topP,
      Float repetitionPenalty) {

    /** The model sets none: TGI's defaults apply. */
    public static final Defaults NONE = new Defaults(null, null, null, null, null, null);
  }
}
