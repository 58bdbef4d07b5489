package dev.llmkit.inference.generation;

import java.util.List;

/**
 * One generated sequence, in the shape of Hugging Face's text-generation output.
 *
 * @param generatedText {@code generated_text}: the new text (after the prompt when {@code
 *     return_full_text}), cut before a stop sequence, special tokens skipped
 * @param details {@code details}
 */
public record GenerationResult(String generatedText, Details details) {

  /**
   * @param finishReason {@code finish_reason}
   * @param tokens {@code tokens}: the generated token ids, the eos token and the tokens of a stop
   *     sequence included
   * @param logprobs the model's log-probability of each generated token (raw logits)
   */
  public record Details(FinishReason finishReason, List<Long> tokens, List<Double> logprobs) {
    /** Copies the lists. */
    public Details {
      tokens = List.copyOf(tokens);
      logprobs = List.copyOf(logprobs);
    }

    /** Number of generated tokens. */
    public int generatedTokens() {
      return tokens.size();
    }
  }
}
