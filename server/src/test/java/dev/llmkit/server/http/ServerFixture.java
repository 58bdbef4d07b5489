package dev.llmkit.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.ops.ServerMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/** A real server on a free port with fake services, and a small JSON HTTP client. */
final class ServerFixture implements AutoCloseable {

  static final long MAX_PAYLOAD = 64 * 1024;
  static final ObjectMapper JSON = new ObjectMapper();

  /** A response: status, raw body, parsed body (or null), and headers. */
  record Reply(int status, String body, HttpResponse<String> raw) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  final Fakes.Embedder embedder;
  final Fakes.Generator generator;
  final LlmkitServer server;
  final int port;
  final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServerFixture() {
    this(config(List.of(), List.of(), 10_000), BatchLimits.DEFAULT);
  }

  ServerFixture(ServerConfig config, BatchLimits embedLimits) {
    this(config, embedLimits, builder -> {});
  }

  /** As above, with a last word on the builder (e.g. to replace a service). */
  ServerFixture(
      ServerConfig config, BatchLimits embedLimits, Consumer<LlmkitServer.Builder> customize) {
    ServerMetrics metrics = new ServerMetrics();
    this.embedder = new Fakes.Embedder(embedLimits, metrics.registry());
    this.generator = new Fakes.Generator(5);
    LlmkitServer.Builder builder =
        LlmkitServer.builder()
            .config(config)
            .version("9.9.9-test")
            .metrics(metrics)
            .tokenizer(new Fakes.Tokenizer())
            .ner(new Fakes.Ner())
            .qa(new Fakes.Qa())
            .embeddings(embedder)
            .generation(generator);
    customize.accept(builder);
    this.server = builder.build().start();
    this.port = server.port();
  }

  /** Port 0, a 64 KiB body limit, at most 4 inputs, tasks enabled with the given timeout. */
  static ServerConfig config(List<String> apiKeys, List<String> cors, long timeoutMs) {
    TaskConfig task =
        new TaskConfig(
            "test/fake-model",
            null,
            "cpu",
            "float32",
            512,
            TooLongPolicy.ERROR,
            InputLimit.DEFAULT_MAX_REQUEST_TOKENS,
            timeoutMs,
            16_384,
            32,
            2,
            64);
    return new ServerConfig(
        "127.0.0.1",
        0,
        MAX_PAYLOAD,
        4,
        5_000,
        apiKeys,
        cors,
        task,
        task,
        task,
        task,
        task,
        task,
        null);
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  Reply get(String path, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  Reply post(String path, String body, String... headers) {
    return postBytes(path, body.getBytes(StandardCharsets.UTF_8), headers);
  }

  Reply postBytes(String path, byte[] body, String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return send(b.build());
  }

  Reply send(HttpRequest request) {
    try {
      HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.body(), r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close();
  }
}
