package dev.llmkit.server.http;

import dev.llmkit.server.engine.InputTooLargeException;
import dev.llmkit.server.engine.QueueClosedException;
import dev.llmkit.server.engine.QueueFullException;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorResponse;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.retrieval.RetrievalInputException;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one exception mapper: every failure becomes {@code {"error", "error_type"}} with TEI's status
 * codes. Unknown exceptions are logged with their stack trace and answered as a bare 500 without
 * details; client input must never reach that branch.
 */
public final class ErrorMapper {

  private static final Logger log = LoggerFactory.getLogger(ErrorMapper.class);

  private ErrorMapper() {}

  /** Registers the mapper on an app. */
  public static void register(Javalin app) {
    app.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, toApi(e)));
    app.exception(Exception.class, (e, ctx) -> respond(ctx, toApi(e)));
    app.error(
        404,
        ctx -> {
          if (ctx.result() == null || ctx.result().isEmpty()) {
            respond(
                ctx,
                ApiException.of(
                    ErrorType.NOT_FOUND, "no route " + ctx.method() + " " + safePath(ctx)));
          }
        });
  }

  /** Writes the error body and headers. */
  public static void respond(Context ctx, ApiException e) {
    if (e.retryAfter() != null) {
      ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
    }
    if (e.type() == ErrorType.UNAUTHORIZED) {
      ctx.header("WWW-Authenticate", "Bearer");
    }
    ctx.status(e.type().status()).json(ErrorResponse.of(e));
  }

  /** Maps any failure to its API error. */
  public static ApiException toApi(Throwable failure) {
    Throwable e = unwrap(failure);
    if (e instanceof ApiException api) {
      return api;
    }
    if (e instanceof QueueFullException full) {
      return ApiException.overloaded(
          "the model is overloaded: " + full.getMessage() + "; retry later", full.retryAfter());
    }
    if (e instanceof QueueClosedException) {
      return ApiException.of(ErrorType.UNHEALTHY, "the server is shutting down");
    }
    if (e instanceof InputTooLargeException || e instanceof InputTooLongException) {
      return ApiException.of(ErrorType.PAYLOAD_TOO_LARGE, e.getMessage());
    }
    if (e instanceof InvalidInputException || e instanceof RetrievalInputException) {
      return ApiException.validation(e.getMessage());
    }
    if (e instanceof StoreAccessException) {
      log.warn("document store failure: {}", e.getMessage());
      return ApiException.of(ErrorType.UNHEALTHY, e.getMessage());
    }
    if (e instanceof TimeoutException) {
      return ApiException.of(
          ErrorType.TIMEOUT, "the model did not answer within this route's deadline");
    }
    if (e instanceof CancellationException) {
      return ApiException.of(ErrorType.TIMEOUT, "the request was cancelled");
    }
    if (e instanceof HttpResponseException h) {
      return fromStatus(h.getStatus());
    }
    log.error("unexpected failure", e);
    return ApiException.of(ErrorType.INTERNAL, "internal server error");
  }

  private static ApiException fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.of(ErrorType.INVALID_JSON, "bad request");
      case 401 -> ApiException.of(ErrorType.UNAUTHORIZED, "a valid API key is required");
      case 404 -> ApiException.of(ErrorType.NOT_FOUND, "no such route");
      case 405 -> ApiException.of(ErrorType.METHOD_NOT_ALLOWED, "method not allowed on this route");
      case 413 -> ApiException.of(ErrorType.PAYLOAD_TOO_LARGE, "request body is too large");
      case 503 -> ApiException.of(ErrorType.UNHEALTHY, "service unavailable");
      default ->
          status >= 400 && status < 500
              ? ApiException.validation("request rejected (" + status + ")")
              : ApiException.of(ErrorType.INTERNAL, "internal server error");
    };
  }

  /** Removes the CompletableFuture wrappers. */
  public static Throwable unwrap(Throwable e) {
    Throwable current = e;
    while ((current instanceof CompletionException || current instanceof ExecutionException)
        && current.getCause() != null) {
      current = current.getCause();
    }
    return current;
  }

  private static String safePath(Context ctx) {
    String path = ctx.path();
    String clean = path.replaceAll("[^A-Za-z0-9/._~-]", "?");
    return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
  }
}
