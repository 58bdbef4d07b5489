package dev.llmkit.app.generate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmkit.inference.generation.GenerationResult;
import dev.llmkit.inference.generation.TopToken;
import java.util.List;

/**
 * The text-generation shape of Hugging Face's Inference API / TGI: {@code {"generated_text": ...,
 * "details": {"finish_reason": ..., "tokens": [ids...]}}}, with TGI's {@code top_tokens} when
 * {@code --top-n-tokens} asks for them.
 */
record GenerateJson(@JsonProperty("generated_text") String generatedText, Details details) {

  /**
   * {@code details}: why generation ended, the generated token ids and, per step, the most likely
   * tokens.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Details(
      @JsonProperty("finish_reason") String finishReason,
      List<Long> tokens,
      @JsonProperty("top_tokens") List<List<Token>> topTokens) {}

  /** TGI's token: {@code {"id", "text", "logprob", "special"}}. */
  record Token(long id, String text, double logprob, boolean special) {}

  static GenerateJson of(GenerationResult r, List<List<TopToken>> topTokens) {
    List<List<Token>> top =
        topTokens.stream()
            .map(
                step ->
                    step.stream()
                        .map(t -> new Token(t.tokenId(), t.text(), t.logprob(), t.special()))
                        .toList())
            .toList();
    return new GenerateJson(
        r.generatedText(),
        new Details(
            r.details().finishReason().wireName(),
            r.details().tokens(),
            top.isEmpty() ? null : top));
  }
}
