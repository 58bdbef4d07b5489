package dev.llmkit.app.qa;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmkit.inference.qa.Answer;

/**
 * The Hugging Face question-answering shape {@code {score, start, end, answer}}, {@code start/end}
 * in code points of the context, plus {@code utf16_start/utf16_end}.
 */
@JsonPropertyOrder({"score", "start", "end", "answer", "utf16_start", "utf16_end"})
record QaJson(
    double score,
    int start,
    int end,
    String answer,
    @JsonProperty("utf16_start") int utf16Start,
    @JsonProperty("utf16_end") int utf16End) {

  static QaJson of(Answer a) {
    return new QaJson(a.score(), a.start(), a.end(), a.answer(), a.utf16Start(), a.utf16End());
  }
}
