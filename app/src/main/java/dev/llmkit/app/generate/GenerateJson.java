package dev.llmkit.app.generate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmkit.inference.generation.GenerationResult;
import java.util.List;

/**
 * The text-generation shape of Hugging Face's Inference API / TGI: {@code {"generated_text": ...,
 * "details": {"finish_reason": ..., "tokens": [ids...]}}}.
 */
record GenerateJson(@JsonProperty("generated_text") String generatedText, Details details) {

  /** {@code details}: why generation ended and the generated token ids. */
  record Details(@JsonProperty("finish_reason") String finishReason, List<Long> tokens) {}

  static GenerateJson of(GenerationResult r) {
    return new GenerateJson(
        r.generatedText(),
        new Details(r.details().finishReason().wireName(), r.details().tokens()));
  }
}
