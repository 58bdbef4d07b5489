package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.server.service.GenerationParameters;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every task route with well-formed requests: shapes, defaults echoed, model headers. */
@Timeout(60)
class TaskRoutesTest {

  static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static void assertModelHeaders(ServerFixture.Reply reply) {
    assertThat(reply.header("x-model-id")).isEqualTo("test/fake-model");
    assertThat(reply.header("x-model-revision")).isEqualTo("abc123");
  }

  @Test
  void tokenizeAnswersTeiTokensWithCodePointAndUtf16Offsets() {
    // "Hé 😀x": 😀 is one code point but two UTF-16 chars.
    ServerFixture.Reply reply = fixture.post("/tokenize", "{\"inputs\": \"Hé \\uD83D\\uDE00x\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertModelHeaders(reply);
    assertThat(reply.header("x-llmkit-parameters")).isEqualTo("{\"add_special_tokens\":true}");
    JsonNode tokens = reply.json();
    assertThat(tokens.size()).isEqualTo(1);
    JsonNode first = tokens.get(0);
    assertThat(first.size()).isEqualTo(4);
    assertThat(first.get(0).get("text").asText()).isEqualTo("[CLS]");
    assertThat(first.get(0).get("special").asBoolean()).isTrue();
    JsonNode emoji = first.get(2);
    assertThat(emoji.get("text").asText()).isEqualTo("😀x");
    assertThat(emoji.get("start").asInt()).isEqualTo(3);
    assertThat(emoji.get("stop").asInt()).isEqualTo(5);
    assertThat(emoji.get("utf16_start").asInt()).isEqualTo(3);
    assertThat(emoji.get("utf16_end").asInt()).isEqualTo(6);
    assertThat(emoji.get("special").asBoolean()).isFalse();
  }

  @Test
  void tokenizeAnArrayAnswersOneListPerInputWithoutSpecialsWhenAsked() {
    ServerFixture.Reply reply =
        fixture.post("/tokenize", "{\"inputs\": [\"a b\", \"c\"], \"add_special_tokens\": false}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode tokens = reply.json();
    assertThat(tokens.size()).isEqualTo(2);
    assertThat(tokens.get(0).size()).isEqualTo(2);
    assertThat(tokens.get(1).size()).isEqualTo(1);
  }

  @Test
  void decodeAcceptsOneSequenceOrMany() {
    ServerFixture.Reply one = fixture.post("/decode", "{\"ids\": [2, 10, 11, 3]}");
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().toString()).isEqualTo("[\"w10 w11\"]");
    ServerFixture.Reply many =
        fixture.post("/decode", "{\"ids\": [[2, 10], [12]], \"skip_special_tokens\": false}");
    assertThat(many.json().toString()).isEqualTo("[\"[S2] w10\",\"w12\"]");
    assertModelHeaders(many);
  }

  @Test
  void nerOnOneTextAnswersAFlatListAndEchoesDefaults() {
    ServerFixture.Reply reply = fixture.post("/ner", "{\"inputs\": \"meet Ada in Zürich\"}");
    assertThat(reply.status()).isEqualTo(200);
    assertModelHeaders(reply);
    assertThat(reply.header("x-llmkit-parameters"))
        .isEqualTo("{\"aggregation_strategy\":\"simple\",\"ignore_labels\":[\"O\"],\"stride\":0}");
    JsonNode entities = reply.json();
    assertThat(entities.size()).isEqualTo(2);
    JsonNode ada = entities.get(0);
    assertThat(ada.get("entity_group").asText()).isEqualTo("PER");
    assertThat(ada.get("word").asText()).isEqualTo("Ada");
    assertThat(ada.get("start").asInt()).isEqualTo(5);
    assertThat(ada.get("end").asInt()).isEqualTo(8);
    assertThat(ada.has("entity")).isFalse();
    assertThat(ada.has("index")).isFalse();
  }

  @Test
  void nerOnAnArrayAnswersAListPerTextAndHonoursParameters() {
    ServerFixture.Reply reply =
        fixture.post(
            "/ner",
            "{\"inputs\": [\"Ada\", \"bob\"], \"parameters\": {\"aggregation_strategy\": \"none\"},"
                + " \"options\": {\"wait_for_model\": true}}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode lists = reply.json();
    assertThat(lists.size()).isEqualTo(2);
    assertThat(lists.get(0).get(0).get("entity").asText()).isEqualTo("B-PER");
    assertThat(lists.get(0).get(0).get("index").asInt()).isEqualTo(1);
    assertThat(lists.get(1).size()).isZero();
  }

  @Test
  void qaWithTopKOneAnswersAnObjectAndWithMoreAList() {
    String context = "Ada wrote notes";
    ServerFixture.Reply one =
        fixture.post(
            "/qa", "{\"inputs\": {\"question\": \"Who?\", \"context\": \"" + context + "\"}}");
    assertThat(one.status()).isEqualTo(200);
    assertModelHeaders(one);
    assertThat(one.json().get("answer").asText()).isEqualTo("Ada");
    assertThat(one.json().get("start").asInt()).isZero();
    assertThat(one.json().get("end").asInt()).isEqualTo(3);
    assertThat(one.header("x-llmkit-parameters"))
        .isEqualTo(
            "{\"top_k\":1,\"doc_stride\":128,\"max_answer_len\":15,\"max_seq_len\":384,"
                + "\"max_question_len\":64,\"handle_impossible_answer\":false}");
    ServerFixture.Reply two =
        fixture.post(
            "/qa",
            "{\"inputs\": {\"question\": \"Who?\", \"context\": \""
                + context
                + "\"}, \"parameters\": {\"top_k\": 2}}");
    assertThat(two.json().isArray()).isTrue();
    assertThat(two.json().get(1).get("answer").asText()).isEqualTo("wrote");
  }

  @Test
  void teiEmbedAnswersOneNormalisedVectorPerInput() {
    ServerFixture.Reply reply = fixture.post("/embed", "{\"inputs\": [\"ab cd\", \"x\"]}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode vectors = reply.json();
    // "ab cd" -> (5, 2, 1) / sqrt(30).
    assertThat(vectors.get(0).get(0).asDouble()).isCloseTo(5 / Math.sqrt(30), within());
    assertThat(vectors.get(1).size()).isEqualTo(3);
    ServerFixture.Reply raw =
        fixture.post("/embed", "{\"inputs\": \"ab cd\", \"normalize\": false}");
    assertThat(raw.json().get(0).get(0).asDouble()).isEqualTo(5.0);
    assertThat(raw.header("x-llmkit-parameters"))
        .isEqualTo("{\"normalize\":false,\"truncate\":false}");
  }

  @Test
  void openAiEmbeddingsAnswerTheOpenAiShapeInFloatsOrBase64() {
    ServerFixture.Reply reply =
        fixture.post("/v1/embeddings", "{\"input\": [\"ab cd\", \"x\"], \"model\": \"any\"}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode body = reply.json();
    assertThat(body.get("object").asText()).isEqualTo("list");
    assertThat(body.get("model").asText()).isEqualTo("test/fake-model");
    assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);
    assertThat(body.get("data").get(0).get("object").asText()).isEqualTo("embedding");
    assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(6);
    double first = body.get("data").get(0).get("embedding").get(0).asDouble();

    ServerFixture.Reply b64 =
        fixture.post("/v1/embeddings", "{\"input\": \"ab cd\", \"encoding_format\": \"base64\"}");
    byte[] bytes =
        Base64.getDecoder().decode(b64.json().get("data").get(0).get("embedding").asText());
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(bytes).hasSize(12);
    assertThat((double) buffer.getFloat(0)).isCloseTo(first, within());
  }

  @Test
  void generateAnswersTgiShapeWithDetailsWhenAsked() {
    ServerFixture.Reply plain =
        fixture.post("/generate", "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 3}}");
    assertThat(plain.status()).isEqualTo(200);
    assertThat(plain.json().toString()).isEqualTo("{\"generated_text\":\" t0 t1 t2\"}");
    assertModelHeaders(plain);
    assertThat(plain.header("x-llmkit-parameters"))
        .isEqualTo(
            "{\"max_new_tokens\":3,\"do_sample\":false,\"temperature\":1.0,\"top_k\":0,\"top_p\":1.0,"
                + "\"repetition_penalty\":1.0,\"seed\":null,\"stop\":[],\"return_full_text\":false,"
                + "\"details\":false}");
    ServerFixture.Reply detailed =
        fixture.post(
            "/generate",
            "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 2, \"details\": true,"
                + " \"return_full_text\": true, \"seed\": 7, \"best_of\": null, \"watermark\": false}}");
    JsonNode body = detailed.json();
    assertThat(body.get("generated_text").asText()).isEqualTo("Hi t0 t1");
    assertThat(body.get("details").get("finish_reason").asText()).isEqualTo("length");
    assertThat(body.get("details").get("generated_tokens").asInt()).isEqualTo(2);
    assertThat(body.get("details").get("seed").asLong()).isEqualTo(7);
    assertThat(body.get("details").get("tokens").get(1).toString())
        .isEqualTo("{\"id\":11,\"text\":\" t1\",\"logprob\":-0.5,\"special\":false}");
  }

  @Test
  void generateTakesWhatTheRequestLeavesOutFromTheModelsGenerationConfig() {
    // As a generation_config.json with sampling defaults would give (max_new_tokens 2, ...).
    fixture.generator.defaults = new GenerationParameters.Defaults(2, true, 0.7f, 40, 0.9f, 1.2f);
    try {
      ServerFixture.Reply reply =
          fixture.post("/generate", "{\"inputs\": \"Hi\", \"parameters\": {\"temperature\": 1.5}}");
      assertThat(reply.status()).isEqualTo(200);
      assertThat(reply.header("x-llmkit-parameters"))
          .startsWith(
              "{\"max_new_tokens\":2,\"do_sample\":true,\"temperature\":1.5,\"top_k\":40,"
                  + "\"top_p\":0.9,\"repetition_penalty\":1.2,");
      // The request wins wherever it speaks, down to turning sampling off.
      ServerFixture.Reply greedy =
          fixture.post(
              "/generate",
              "{\"inputs\": \"Hi\", \"parameters\": {\"do_sample\": false, \"top_k\": 0}}");
      assertThat(fixture.generator.lastParameters.doSample()).isFalse();
      assertThat(fixture.generator.lastParameters.topK()).isZero();
      assertThat(greedy.json().get("generated_text").asText()).isEqualTo(" t0 t1");
      // A model default above the server's token limit (512 here) is clamped, not refused.
      fixture.generator.defaults =
          new GenerationParameters.Defaults(10_000, null, null, null, null, null);
      fixture.generator.delayMs = 0;
      fixture.post("/generate", "{\"inputs\": \"Hi\"}");
      assertThat(fixture.generator.lastParameters.maxNewTokens()).isEqualTo(512);
    } finally {
      fixture.generator.delayMs = 5;
      fixture.generator.defaults = GenerationParameters.Defaults.NONE;
    }
  }

  @Test
  void generateStreamSendsOneTgiEventPerTokenAndASummaryLast() throws Exception {
    List<JsonNode> events =
        stream("/generate_stream", "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 3}}");
    assertThat(events).hasSize(3);
    assertThat(events.get(0).get("token").get("text").asText()).isEqualTo(" t0");
    assertThat(events.get(0).get("generated_text").isNull()).isTrue();
    assertThat(events.get(0).get("details").isNull()).isTrue();
    JsonNode last = events.get(2);
    assertThat(last.get("token").get("id").asInt()).isEqualTo(12);
    assertThat(last.get("generated_text").asText()).isEqualTo(" t0 t1 t2");
    assertThat(last.get("details").get("finish_reason").asText()).isEqualTo("length");
    assertThat(last.get("details").get("generated_tokens").asInt()).isEqualTo(3);
    assertThat(events).extracting(e -> e.get("index").asInt()).containsExactly(1, 2, 3);
  }

  @Test
  void generateWithStreamTrueStreamsToo() throws Exception {
    List<JsonNode> events =
        stream(
            "/generate",
            "{\"inputs\": \"Hi\", \"stream\": true, \"parameters\": {\"max_new_tokens\": 2}}");
    assertThat(events).hasSize(2);
    assertThat(events.get(1).get("generated_text").asText()).isEqualTo(" t0 t1");
  }

  @Test
  void aStreamingClientThatDisconnectsCancelsItsGeneration() throws Exception {
    fixture.generator.delayMs = 50;
    int stepsBefore = fixture.generator.steps.get(); // the fake is shared by every test here
    try {
      HttpRequest request =
          HttpRequest.newBuilder(fixture.uri("/generate_stream"))
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 500}}"))
              .build();
      HttpResponse<InputStream> response =
          fixture.client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(reader.readLine()).startsWith("data:");
      reader.close();
      assertThat(fixture.generator.cancelled.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(fixture.generator.steps.get() - stepsBefore).isLessThan(100);
    } finally {
      fixture.generator.delayMs = 5;
    }
  }

  @Test
  void topNTokensAddTgisTopTokensPerStepToTheDetails() {
    ServerFixture.Reply reply =
        fixture.post(
            "/generate",
            "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 2, \"details\": true,"
                + " \"top_n_tokens\": 3}}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode details = reply.json().get("details");
    JsonNode top = details.get("top_tokens");
    assertThat(top).hasSize(2);
    assertThat(top.get(1)).hasSize(3);
    assertThat(top.get(1).get(0).toString())
        .isEqualTo("{\"id\":11,\"text\":\" t1\",\"logprob\":-0.5,\"special\":false}");
    assertThat(top.get(1).get(2).get("id").asInt()).isEqualTo(101);
    assertThat(details.get("tokens").get(1).get("id").asInt()).isEqualTo(11);
  }

  @Test
  void withoutTopNTokensThereIsNoTopTokensKey() throws Exception {
    ServerFixture.Reply reply =
        fixture.post(
            "/generate",
            "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 2, \"details\": true}}");
    assertThat(reply.json().get("details").has("top_tokens")).isFalse();
    List<JsonNode> events =
        stream("/generate_stream", "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 2}}");
    assertThat(events).noneMatch(e -> e.has("top_tokens"));
  }

  @Test
  void eachStreamEventCarriesTheTopTokensOfItsStep() throws Exception {
    List<JsonNode> events =
        stream(
            "/generate_stream",
            "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 3, \"top_n_tokens\": 2}}");
    assertThat(events).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode top = events.get(i).get("top_tokens");
      assertThat(top).hasSize(2);
      assertThat(top.get(0).get("id").asInt()).isEqualTo(10 + i);
      assertThat(top.get(1).get("id").asInt()).isEqualTo(100);
    }
  }

  @Test
  void topNTokensOutOfRangeIsA422NamingTheLimit() {
    ServerFixture.Reply reply =
        fixture.post("/generate", "{\"inputs\": \"Hi\", \"parameters\": {\"top_n_tokens\": 21}}");
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("error").asText())
        .isEqualTo("parameters.top_n_tokens must be between 0 and 20, got 21");
  }

  @Test
  void metricsCountEveryGeneratedTokenStreamedOrNot() throws Exception {
    double before = generatedTokens();
    assertThat(
            fixture
                .post("/generate", "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 3}}")
                .status())
        .isEqualTo(200);
    stream("/generate_stream", "{\"inputs\": \"Hi\", \"parameters\": {\"max_new_tokens\": 2}}");
    assertThat(generatedTokens() - before).isEqualTo(5.0);
  }

  private static double generatedTokens() {
    return fixture
        .get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("llmkit_generated_tokens_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static List<JsonNode> stream(String path, String body) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(fixture.uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    HttpResponse<java.util.stream.Stream<String>> response =
        fixture.client.send(request, HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type").orElse(""))
        .startsWith("text/event-stream");
    List<JsonNode> events = new ArrayList<>();
    response
        .body()
        .filter(line -> line.startsWith("data:"))
        .forEach(
            line -> {
              try {
                events.add(ServerFixture.JSON.readTree(line.substring(5)));
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    return events;
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-6);
  }
}
