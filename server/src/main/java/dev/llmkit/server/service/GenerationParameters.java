package dev.llmkit.server.service;

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
    boolean details) {

  /** Copies the stop list. */
  public GenerationParameters {
    stop = List.copyOf(stop);
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
