package dev.llmkit.server.retrieval;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Retrieval runs synchronously on top of the asynchronous task services. */
public final class Blocking {

  private Blocking() {}

  /** The future's value, or the service's own exception (a typed 4xx or 5xx), not a wrapper. */
  public static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      throw e;
    }
  }
}
