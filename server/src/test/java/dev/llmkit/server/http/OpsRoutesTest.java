package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Health, readiness, info, metrics, OpenAPI and docs. */
@Timeout(60)
class OpsRoutesTest {

  /** Every route the server registers. */
  static final List<String> ROUTES =
      List.of(
          "GET /health",
          "GET /ready",
          "GET /info",
          "GET /metrics",
          "GET /openapi.json",
          "GET /docs",
          "GET /",
          "POST /ner",
          "POST /qa",
          "POST /embed",
          "POST /v1/embeddings",
          "POST /generate",
          "POST /generate_stream",
          "POST /tokenize",
          "POST /decode",
          "POST /tokenize/compare",
          "POST /attention");

  static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void healthAndReadyAreOkWhenEveryModelIsLoaded() {
    ServerFixture.Reply health = fixture.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().get("status").asText()).isEqualTo("ok");
    ServerFixture.Reply ready = fixture.get("/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("ready");
    assertThat(ready.json().get("tasks").size()).isEqualTo(5);
  }

  @Test
  void infoNamesEachModelItsSettingsAndTheVersion() {
    JsonNode info = fixture.get("/info").json();
    assertThat(info.get("version").asText()).isEqualTo("9.9.9-test");
    assertThat(info.get("limits").get("max_payload_bytes").asLong())
        .isEqualTo(ServerFixture.MAX_PAYLOAD);
    assertThat(info.get("limits").get("api_key_required").asBoolean()).isFalse();
    JsonNode ner = info.get("tasks").get(0);
    assertThat(ner.get("task").asText()).isEqualTo("ner");
    assertThat(ner.get("state").asText()).isEqualTo("READY");
    assertThat(ner.get("routes").get(0).asText()).isEqualTo("/ner");
    assertThat(ner.get("model").get("id").asText()).isEqualTo("test/fake-model");
    assertThat(ner.get("model").get("revision").asText()).isEqualTo("abc123");
    assertThat(ner.get("model").get("sha256").asText()).isEqualTo("00ff");
    assertThat(ner.get("model").get("dtype").asText()).isEqualTo("float32");
    assertThat(ner.get("model").get("device").asText()).isEqualTo("cpu");
    assertThat(ner.get("settings").get("max_batch_tokens").asInt()).isEqualTo(16_384);
  }

  @Test
  void metricsExposeRequestsLatencyQueueBatchesAndMemory() {
    fixture.get("/health");
    fixture.post("/embed", "{\"inputs\": [\"a\", \"b\"]}");
    fixture.post("/embed", "{\"inputs\": 1}");
    ServerFixture.Reply metrics = fixture.get("/metrics");
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.header("content-type")).startsWith("text/plain");
    assertThat(metrics.body())
        .contains(
            "http_server_requests_seconds_count{method=\"GET\",route=\"/health\",status=\"200\"}")
        .contains(
            "http_server_requests_seconds_count{method=\"POST\",route=\"/embed\",status=\"422\"}")
        .contains("http_server_requests_seconds_bucket{")
        .contains("llmkit_queue_time_seconds_count{queue=\"embed\"}")
        .contains("llmkit_batch_size_count{queue=\"embed\"}")
        .contains("llmkit_tokens_total{queue=\"embed\"}")
        .contains("llmkit_queue_depth{queue=\"embed\"}")
        .contains("jvm_memory_used_bytes")
        .contains("process_resident_memory_bytes");
    double rss = sample(metrics.body(), "process_resident_memory_bytes");
    assertThat(rss).isGreaterThan(10e6);
  }

  @Test
  void openApiDocumentsExactlyTheRegisteredRoutes() {
    ServerFixture.Reply reply = fixture.get("/openapi.json");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode doc = reply.json();
    assertThat(doc.get("info").get("version").asText()).isEqualTo("9.9.9-test");
    List<String> documented = new ArrayList<>();
    doc.get("paths")
        .properties()
        .forEach(
            path ->
                path.getValue()
                    .properties()
                    .forEach(
                        op ->
                            documented.add(
                                op.getKey().toUpperCase(java.util.Locale.ROOT)
                                    + " "
                                    + path.getKey())));
    assertThat(documented).containsExactlyInAnyOrderElementsOf(ROUTES);
    for (String route : ROUTES) {
      String[] parts = route.split(" ");
      int status =
          parts[0].equals("GET")
              ? fixture.get(parts[1]).status()
              : fixture.post(parts[1], "{").status();
      assertThat(status).as(route).isNotIn(404, 405);
    }
  }

  @Test
  void docsPageIsHtmlThatLoadsTheOpenApiDocument() {
    ServerFixture.Reply docs = fixture.get("/docs");
    assertThat(docs.status()).isEqualTo(200);
    assertThat(docs.header("content-type")).startsWith("text/html");
    assertThat(docs.body()).contains("fetch('openapi.json')");
  }

  private static double sample(String exposition, String name) {
    return exposition
        .lines()
        .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
