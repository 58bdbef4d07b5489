package dev.llmkit.server.config;

import java.time.Duration;
import java.util.List;

/**
 * The whole server configuration: read from a YAML/JSON file, then {@code LLMKIT_*} environment
 * variables, then command-line flags (flags win) by {@link ConfigLoader}, and validated once at
 * startup by {@link ConfigValidator}. Keys are snake_case in files ({@code max_payload_bytes}).
 *
 * @param host interface to bind
 * @param port TCP port, 0 for any free one
 * @param maxPayloadBytes largest request body (413 beyond)
 * @param maxInputs most texts in one request's {@code inputs} list (413 beyond)
 * @param shutdownTimeoutMs how long shutdown waits for in-flight requests
 * @param apiKeys accepted bearer tokens; empty: no authentication
 * @param corsOrigins allowed CORS origins ({@code *} for any); empty: CORS off
 * @param ner token classification
 * @param qa question answering
 * @param embed embeddings
 * @param generate text generation
 * @param tokenize tokenization ({@code /tokenize}, {@code /decode})
 * @param fillMask fill-mask ({@code /fill-mask}); {@code fill_mask} in files, {@code
 *     LLMKIT_FILL_MASK_*} in the environment
 * @param retrieval the document store of {@code serve --documents}
 */
public record ServerConfig(
    String host,
    int port,
    long maxPayloadBytes,
    int maxInputs,
    long shutdownTimeoutMs,
    List<String> apiKeys,
    List<String> corsOrigins,
    TaskConfig ner,
    TaskConfig qa,
    TaskConfig embed,
    TaskConfig generate,
    TaskConfig tokenize,
    TaskConfig fillMask,
    RetrievalConfig retrieval) {

  /** Copies the lists (null becomes empty); no retrieval settings are the defaults. */
  public ServerConfig {
    apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
    corsOrigins = corsOrigins == null ? List.of() : List.copyOf(corsOrigins);
    retrieval = retrieval == null ? RetrievalConfig.defaults() : retrieval;
  }

  /** Every default: loopback, port 8080, 2 MB bodies, no tasks enabled. */
  public static ServerConfig defaults() {
    return new ServerConfig(
        "127.0.0.1",
        8080,
        2 * 1024 * 1024,
        32,
        30_000,
        List.of(),
        List.of(),
        TaskConfig.defaults(TooLongPolicy.CHUNK, 30_000),
        TaskConfig.defaults(TooLongPolicy.CHUNK, 30_000),
        TaskConfig.defaults(TooLongPolicy.ERROR, 30_000),
        TaskConfig.defaults(TooLongPolicy.TRUNCATE, 120_000),
        TaskConfig.defaults(TooLongPolicy.ERROR, 10_000),
        TaskConfig.defaults(TooLongPolicy.ERROR, 30_000),
        null);
  }

  /**
   * The defaults, on loopback and a free port, with {@code embed} as the embedding task: what load
   * tests and {@code llmkit bench server} run.
   */
  public static ServerConfig embeddingsOnLoopback(TaskConfig embed) {
    ServerConfig d = defaults();
    return new ServerConfig(
        "127.0.0.1",
        0,
        d.maxPayloadBytes(),
        d.maxInputs(),
        d.shutdownTimeoutMs(),
        List.of(),
        List.of(),
        d.ner(),
        d.qa(),
        embed,
        d.generate(),
        d.tokenize(),
        d.fillMask(),
        null);
  }

  /** How long shutdown waits for in-flight requests. */
  public Duration shutdownTimeout() {
    return Duration.ofMillis(shutdownTimeoutMs);
  }
}
