package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.ModelService;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's service, possibly still loading. Requests to a loading model get 503 with {@code
 * estimated_time}, as the Hugging Face Inference API answers; a model that failed to load stays 503
 * and is reported by {@code /ready} and {@code /info}.
 *
 * @param <S> the service type
 */
public final class ModelSlot<S extends ModelService> {

  private static final Logger log = LoggerFactory.getLogger(ModelSlot.class);

  /** Loading state of a slot. */
  public enum State {
    /** Still loading. */
    LOADING,
    /** Serving. */
    READY,
    /** Loading failed. */
    FAILED,
    /** No model is configured for the task. */
    ABSENT
  }

  private final String task;
  private final CompletableFuture<S> service;
  private final Instant expectedReady;

  private ModelSlot(String task, CompletableFuture<S> service, Duration estimate) {
    this.task = Objects.requireNonNull(task, "task");
    this.service = service;
    this.expectedReady = Instant.now().plus(estimate);
    if (service == null) {
      return;
    }
    service.whenComplete(
        (s, e) -> {
          if (e != null) {
            log.error("the {} model failed to load", task, e);
          } else {
            log.info("the {} model {} is ready", task, s.model().id());
          }
        });
  }

  /** A slot of a task without a model: its routes answer 404. */
  public static <S extends ModelService> ModelSlot<S> absent(String task) {
    return new ModelSlot<>(task, null, Duration.ZERO);
  }

  /** A slot whose service is ready. */
  public static <S extends ModelService> ModelSlot<S> ready(String task, S service) {
    return new ModelSlot<>(task, CompletableFuture.completedFuture(service), Duration.ZERO);
  }

  /** A slot whose service is loading, expected to take about {@code estimate}. */
  public static <S extends ModelService> ModelSlot<S> loading(
      String task, CompletableFuture<S> service, Duration estimate) {
    return new ModelSlot<>(task, service, estimate);
  }

  /** The task's name in the configuration: {@code fill_mask} for the {@code fill-mask} task. */
  private String setting() {
    return task.replace('-', '_');
  }

  /** The task name ({@code ner}, {@code qa}, ...). */
  public String task() {
    return task;
  }

  /** Where loading stands. */
  public State state() {
    if (service == null) {
      return State.ABSENT;
    }
    if (!service.isDone()) {
      return State.LOADING;
    }
    return service.isCompletedExceptionally() ? State.FAILED : State.READY;
  }

  /** The service when ready. */
  public Optional<S> service() {
    return state() == State.READY ? Optional.of(service.join()) : Optional.empty();
  }

  /** The model when ready. */
  public Optional<ModelInfo> model() {
    return service().map(ModelService::model);
  }

  /**
   * The ready service.
   *
   * @throws ApiException 503 while loading (with the time left) or after a failed load
   */
  public S require() {
    return switch (state()) {
      case READY -> service.join();
      case LOADING -> {
        Duration left = Duration.between(Instant.now(), expectedReady);
        Duration estimate = left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
        throw ApiException.loading("the " + task + " model is loading", estimate);
      }
      case ABSENT ->
          // 503 as TEI/TGI answer for a model that is not there: the route exists, its model does
          // not; the message says how to configure one.
          throw ApiException.of(
              ErrorType.UNHEALTHY,
              "no "
                  + task
                  + " model is configured on this server; set "
                  + setting()
                  + ".model to a model directory or a Hub id org/name[@revision] (config file, or"
                  + " LLMKIT_"
                  + setting().toUpperCase(Locale.ROOT)
                  + "_MODEL)");
      case FAILED ->
          throw ApiException.of(
              ErrorType.UNHEALTHY, "the " + task + " model failed to load; see the server log");
    };
  }

  /** Closes the service if it loaded; a load still running is cancelled. */
  public void close() {
    if (service == null) {
      return;
    }
    if (!service.isDone()) {
      service.cancel(true);
      return;
    }
    service()
        .ifPresent(
            s -> {
              try {
                s.close();
              } catch (RuntimeException e) {
                log.warn("closing the {} model failed", task, e);
              }
            });
  }
}
