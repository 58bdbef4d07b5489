package dev.llmkit.server.error;

import java.util.Locale;

/**
 * Kinds of API error, each with its HTTP status. The names and codes follow TEI / TGI (<a
 * href="https://github.com/huggingface/text-embeddings-inference/blob/main/router/src/http/types.rs">types.rs</a>)
 * where they have one.
 */
public enum ErrorType {
  /** The body is missing or empty, or the JSON is malformed. */
  EMPTY(400),
  /** The body is not well-formed JSON. */
  INVALID_JSON(400),
  /** No valid API key. */
  UNAUTHORIZED(401),
  /** No such route. */
  NOT_FOUND(404),
  /** The route exists but not for this method. */
  METHOD_NOT_ALLOWED(405),
  /** The body, the input or the batch is larger than allowed. */
  PAYLOAD_TOO_LARGE(413),
  /** The body is well-formed JSON but not a valid request. */
  VALIDATION(422),
  /** The model failed while answering. */
  BACKEND(424),
  /** The queue is full; retry after the {@code Retry-After} header. */
  OVERLOADED(429),
  /** The model is loading or failed to load, or the server is shutting down. */
  UNHEALTHY(503),
  /** The route's deadline passed before the model answered. */
  TIMEOUT(504),
  /** A bug in the server: never caused by client input. */
  INTERNAL(500);

  private final int status;

  ErrorType(int status) {
    this.status = status;
  }

  /** The HTTP status this error is answered with. */
  public int status() {
    return status;
  }

  /** The {@code error_type} value on the wire. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
