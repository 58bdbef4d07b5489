package dev.llmkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.app.Main;
import dev.llmkit.server.LlmkitServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@Timeout(60)
class ServeCommandTest {

  @TempDir Path dir;

  private static ServeCommand parse(Map<String, String> env, String... args) {
    ServeCommand command = new ServeCommand();
    command.environment = env;
    new CommandLine(command).parseArgs(args);
    return command;
  }

  private static HttpResponse<String> post(int port, String path, String body, String key)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void serveStartsTheServerWithFlagsOverTheFileAndTheEnvironment() throws Exception {
    Path file =
        Files.writeString(dir.resolve("llmkit.yaml"), "port: 1\ntokenize:\n  model: gpt2\n");
    ServeCommand command =
        parse(
            Map.of("LLMKIT_PORT", "2", "LLMKIT_API_KEYS", "env-key"),
            "--config",
            file.toString(),
            "--port",
            "0",
            "--tokenizer",
            "bert-base-uncased");
    try (LlmkitServer server = command.start()) {
      int port = server.port();
      assertThat(port).isNotIn(0, 1, 2);
      HttpResponse<String> denied = post(port, "/tokenize", "{\"inputs\": \"hello world\"}", null);
      assertThat(denied.statusCode()).isEqualTo(401);
      HttpResponse<String> tokens =
          post(port, "/tokenize", "{\"inputs\": \"hello world\"}", "env-key");
      assertThat(tokens.statusCode()).isEqualTo(200);
      // bert-base-uncased (the flag), not gpt2 (the file): published ids 101 7592 2088 102.
      assertThat(tokens.body()).contains("\"id\":7592").contains("\"id\":2088");
      assertThat(tokens.headers().firstValue("x-model-id")).hasValue("bert-base-uncased");
    }
  }

  @Test
  void anUnavailableDocumentStoreExitsWithCode2BeforeLoadingModels() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine().setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "serve",
            "--port",
            "0",
            "--documents",
            "--store",
            "opensearch",
            "--data-dir",
            dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("store 'opensearch' is not available in this build");
  }

  @Test
  void theDocumentStoreComesFromTheSettingsUnlessAFlagSaysOtherwise() throws Exception {
    Map<String, String> env =
        Map.of(
            "HF_HUB_OFFLINE", "1",
            "LLMKIT_RETRIEVAL_STORE", "opensearch",
            "LLMKIT_RETRIEVAL_DATA_DIR", dir.resolve("data").toString());
    ServeCommand fromSettings = parse(env, "--port", "0", "--documents");
    org.assertj.core.api.Assertions.assertThatThrownBy(fromSettings::start)
        .hasMessageContaining("store 'opensearch' is not available in this build");
    ServeCommand flagWins = parse(env, "--port", "0", "--documents", "--store", "LUCENE");
    try (LlmkitServer server = flagWins.start()) {
      assertThat(server.port()).isPositive();
    }
    // The data directory came from LLMKIT_RETRIEVAL_DATA_DIR.
    assertThat(dir.resolve("data")).isDirectory();
  }

  @Test
  void pgvectorWithoutAServerExitsWithCode2NamingTheOptions() {
    StringWriter err = new StringWriter();
    ServeCommand command = new ServeCommand();
    command.environment = Map.of("LLMKIT_PG_USER", "kit");
    int code =
        new CommandLine(command)
            .setCaseInsensitiveEnumValuesAllowed(true) // as Main's command line
            .setErr(new PrintWriter(err))
            .execute(
                "--port",
                "0",
                "--documents",
                "--store",
                "pgvector",
                "--pg-database",
                "rag",
                "--data-dir",
                dir.toString());
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("pgvector needs a server: set --pg-host (LLMKIT_PG_HOST) or --pg-url");
  }

  @Test
  void invalidSettingsExitWithCode2AndSayWhatToFix() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine().setErr(new PrintWriter(err));
    int code = cli.execute("serve", "--port", "70000");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("port must be between 0 and 65535 (0 picks a free port), got 70000");
  }

  @Test
  void aHubIdMissingFromTheOfflineCacheLeavesItsRouteAnswering503() throws Exception {
    ServeCommand command =
        parse(
            Map.of(
                "LLMKIT_NER_MODEL", "dslim/bert-base-NER",
                "HF_HUB_OFFLINE", "1",
                "HF_HUB_CACHE", dir.resolve("hub").toString(),
                "LLMKIT_TOKENIZE_MODEL", "bert-base-uncased"),
            "--port",
            "0");
    try (LlmkitServer server = command.start()) {
      HttpResponse<String> ner = post(server.port(), "/ner", "{\"inputs\": \"Ada\"}", null);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (ner.body().contains("is loading") && System.nanoTime() < deadline) {
        Thread.sleep(100);
        ner = post(server.port(), "/ner", "{\"inputs\": \"Ada\"}", null);
      }
      assertThat(ner.statusCode()).isEqualTo(503);
      assertThat(ner.body())
          .contains("\"error_type\":\"unhealthy\"")
          .contains("the ner model failed to load");
      // Other routes are unaffected.
      assertThat(post(server.port(), "/tokenize", "{\"inputs\": \"a\"}", null).statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void withoutAnyModelConfiguredEveryTaskServesItsBundledDefault() throws Exception {
    ServeCommand command = parse(Map.of("HF_HUB_OFFLINE", "1"), "--port", "0");
    try (LlmkitServer server = command.start()) {
      String text = "{\"inputs\": \"Ada Lovelace lived in London.\"}";
      HttpResponse<String> ner = awaitLoaded(server, "/ner", text);
      assertThat(ner.statusCode()).as(ner.body()).isEqualTo(200);
      assertThat(ner.body()).contains("\"entity_group\":\"PER\"").contains("\"word\":\"London\"");
      String question =
          "{\"inputs\": {\"question\": \"Where did Ada live?\","
              + " \"context\": \"Ada Lovelace lived in London.\"}}";
      HttpResponse<String> qa = awaitLoaded(server, "/qa", question);
      assertThat(qa.statusCode()).as(qa.body()).isEqualTo(200);
      assertThat(qa.body()).contains("\"answer\":\"London\"");
      HttpResponse<String> reply =
          awaitLoaded(
              server,
              "/generate",
              "{\"inputs\": \"It was\", \"parameters\": {\"max_new_tokens\": 5,"
                  + " \"seed\": 1, \"details\": true}}");
      assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
      assertThat(reply.body()).contains("\"generated_tokens\":5");
      // As TEI, /tokenize falls back to the embedding model's tokenizer: the default MiniLM uses
      // the bert-base-uncased vocabulary, "hello world" -> [CLS] 7592 2088 [SEP].
      HttpResponse<String> tokens =
          post(server.port(), "/tokenize", "{\"inputs\": \"hello world\"}", null);
      assertThat(tokens.statusCode()).as(tokens.body()).isEqualTo(200);
      assertThat(tokens.body())
          .contains("\"id\":101,")
          .contains("\"id\":7592,")
          .contains("\"id\":2088,")
          .contains("\"id\":102,");
    }
  }

  @Test
  void withDocumentsQaWithoutContextAnswersThroughTheServersOwnEmbedAndQaQueues() throws Exception {
    ServeCommand command =
        parse(
            Map.of("HF_HUB_OFFLINE", "1"),
            "--port",
            "0",
            "--documents",
            "--data-dir",
            dir.resolve("data").toString());
    try (LlmkitServer server = command.start()) {
      String text = "Ada Lovelace married William King in 1835. They lived in London.";
      // The models load in the background: ingestion waits for /embed's, as /embed would.
      HttpResponse<String> created =
          awaitLoaded(server, "/documents", "{\"id\": \"ada\", \"text\": \"" + text + "\"}");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      HttpResponse<String> qa =
          awaitLoaded(
              server, "/qa", "{\"inputs\": {\"question\": \"Whom did Ada Lovelace marry?\"}}");
      assertThat(qa.statusCode()).as(qa.body()).isEqualTo(200);
      assertThat(qa.body()).contains("\"answer\":\"William King\"").contains("\"ada\"");
      // No /embed or /qa request was made: the batches the metrics count are retrieval's, run by
      // the server's own services (one copy of each model).
      String metrics = get(server.port(), "/metrics");
      assertThat(batches(metrics, "embed")).as(metrics).isGreaterThanOrEqualTo(2);
      assertThat(batches(metrics, "qa")).as(metrics).isGreaterThanOrEqualTo(1);
    }
  }

  private static String get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The batches a queue has run, from the Prometheus text. */
  private static double batches(String metrics, String queue) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile(
                "llmkit_batch_size_count\\{[^}]*queue=\"" + queue + "\"[^}]*\\} ([0-9.E]+)")
            .matcher(metrics);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Posts until the route's model has loaded (503 "is loading") or two minutes have passed. */
  private static HttpResponse<String> awaitLoaded(LlmkitServer server, String path, String body)
      throws Exception {
    HttpResponse<String> reply = post(server.port(), path, body, null);
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (reply.statusCode() == 503 && System.nanoTime() < deadline) {
      Thread.sleep(200);
      reply = post(server.port(), path, body, null);
    }
    return reply;
  }

  @Test
  void serveIsRegisteredInTheCommandLine() {
    assertThat(Main.commandLine().getSubcommands()).containsKey("serve");
  }
}
