package dev.llmkit.server.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of every failed request: {@code {"error": ..., "error_type": ...}}, plus {@code
 * estimated_time} (seconds) while a model loads, as the Hugging Face Inference API answers.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(String error, String errorType, Double estimatedTime) {

  /** The body for an exception. */
  public static ErrorResponse of(ApiException e) {
    Double estimate = e.estimatedTime() == null ? null : e.estimatedTime().toMillis() / 1000.0;
    return new ErrorResponse(e.getMessage(), e.type().wireName(), estimate);
  }
}
