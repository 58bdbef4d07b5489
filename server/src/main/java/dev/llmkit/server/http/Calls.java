package dev.llmkit.server.http;

import dev.llmkit.server.engine.InputTooLargeException;
import dev.llmkit.server.engine.QueueClosedException;
import dev.llmkit.server.engine.QueueFullException;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.service.InvalidInputException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a service call under the route's deadline and classifies its failures. */
public final class Calls {

  private static final Logger log = LoggerFactory.getLogger(Calls.class);

  private Calls() {}

  /**
   * Calls the service. At the deadline the service's own future fails with {@link
   * TimeoutException}, so a batching queue skips it; unexpected failures become 424 {@code backend}
   * errors (logged here, never shown to the client). Cancelling the returned future cancels the
   * service's.
   */
  public static <T> CompletableFuture<T> withDeadline(
      String task, Duration timeout, Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> future;
    try {
      future = call.get();
    } catch (RuntimeException e) {
      future = CompletableFuture.failedFuture(e);
    }
    future.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    CompletableFuture<T> source = future;
    CompletableFuture<T> result =
        future.handle(
            (value, failure) -> {
              if (failure == null) {
                return value;
              }
              Throwable cause = ErrorMapper.unwrap(failure);
              if (isClientFacing(cause)) {
                throw new CompletionException(cause);
              }
              log.error("the {} model failed", task, cause);
              throw new CompletionException(
                  ApiException.of(
                      ErrorType.BACKEND, "the " + task + " model failed; see the server log"));
            });
    // Cancelling the caller's future (client gone) cancels the service's work too.
    result.whenComplete(
        (value, failure) -> {
          if (failure instanceof CancellationException) {
            source.cancel(true);
          }
        });
    return result;
  }

  private static boolean isClientFacing(Throwable e) {
    return e instanceof ApiException
        || e instanceof QueueFullException
        || e instanceof QueueClosedException
        || e instanceof InputTooLargeException
        || e instanceof InvalidInputException
        || e instanceof TimeoutException
        || e instanceof CancellationException;
  }
}
