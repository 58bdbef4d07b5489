package dev.llmkit.server.error;

import java.time.Duration;
import java.util.Objects;

/**
 * An error answered to the client as {@code {"error": message, "error_type": type}}. The message is
 * shown to clients: it must say what to fix and never carry stack traces, class names or paths.
 */
public final class ApiException extends RuntimeException {

  private final ErrorType type;
  private final transient Duration retryAfter;
  private final transient Duration estimatedTime;

  private ApiException(
      ErrorType type, String message, Duration retryAfter, Duration estimatedTime) {
    super(Objects.requireNonNull(message, "message"), null, false, false);
    this.type = Objects.requireNonNull(type, "type");
    this.retryAfter = retryAfter;
    this.estimatedTime = estimatedTime;
  }

  /** An error of the given type. */
  public static ApiException of(ErrorType type, String message) {
    return new ApiException(type, message, null, null);
  }

  /** A 422 validation error. */
  public static ApiException validation(String message) {
    return of(ErrorType.VALIDATION, message);
  }

  /** A 429 with a {@code Retry-After} header. */
  public static ApiException overloaded(String message, Duration retryAfter) {
    return new ApiException(ErrorType.OVERLOADED, message, retryAfter, null);
  }

  /** A 503 for a model still loading, with TGI's {@code estimated_time} (seconds). */
  public static ApiException loading(String message, Duration estimatedTime) {
    return new ApiException(ErrorType.UNHEALTHY, message, estimatedTime, estimatedTime);
  }

  /** The kind of error. */
  public ErrorType type() {
    return type;
  }

  /** When to retry (429 and 503), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Seconds until the model is expected to be loaded, or null. */
  public Duration estimatedTime() {
    return estimatedTime;
  }
}
