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
  void theRouterServesExactlyTheRouteTable() {
    List<String> table =
        fixture.server.routes().routes().stream().map(RouteTable.Route::key).toList();
    assertThat(fixture.server.registeredRoutes()).containsExactlyInAnyOrderElementsOf(table);
    assertThat(table)
        .contains("POST /documents", "GET /documents", "DELETE /documents/{id}", "POST /search");
  }

  @Test
  void openApiDocumentsExactlyTheRoutesTheRouterServes() {
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
    List<String> served = fixture.server.registeredRoutes();
    assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
    for (String route : served) {
      String[] parts = route.split(" ");
      String path = parts[1].replace("{id}", "some-id").replace("{file}", "playground.css");
      ServerFixture.Reply answer =
          switch (parts[0]) {
            case "GET" -> fixture.get(path);
            case "POST" -> fixture.post(path, "{");
            default ->
                fixture.send(
                    java.net.http.HttpRequest.newBuilder(fixture.uri(path))
                        .method(parts[0], java.net.http.HttpRequest.BodyPublishers.noBody())
                        .build());
          };
      assertThat(answer.status()).as(route).isNotEqualTo(405);
      assertThat(answer.body()).as(route).doesNotContain("no route");
    }
  }

  @Test
  void infoListsEachTasksRoutesFromTheRouteTable() {
    JsonNode tasks = fixture.get("/info").json().get("tasks");
    List<String> served = fixture.server.registeredRoutes();
    assertThat(tasks).hasSize(6);
    for (JsonNode task : tasks) {
      List<String> routes = new ArrayList<>();
      task.get("routes").forEach(r -> routes.add(r.asText()));
      assertThat(routes)
          .as(task.get("task").asText())
          .isNotEmpty()
          .containsExactlyElementsOf(fixture.server.routes().pathsOf(task.get("task").asText()));
      routes.forEach(path -> assertThat(served).anyMatch(route -> route.endsWith(" " + path)));
    }
    assertThat(tasks.get(2).get("routes").toString()).isEqualTo("[\"/embed\",\"/v1/embeddings\"]");
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
