package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed client input: every case gets a typed 4xx body that names the problem,
 * never a 500, a stack trace, a Java class name or a file path; the server stays healthy.
 */
@Timeout(60)
class BadInputTest {

  static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @AfterEach
  void serverStaysHealthy() {
    assertThat(fixture.get("/health").status()).isEqualTo(200);
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of("/ner", "", 400, "empty", "request body is empty; send a JSON object"),
        Arguments.of("/ner", "   \n", 400, "empty", "request body is empty; send a JSON object"),
        Arguments.of("/ner", "{\"inputs\": ", 400, "invalid_json", "invalid JSON"),
        Arguments.of("/ner", "{inputs: 1}", 400, "invalid_json", "invalid JSON at line 1"),
        Arguments.of("/ner", "{\"inputs\": \"a\"} trailing", 400, "invalid_json", "invalid JSON"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"inputs\": \"b\"}",
            400,
            "invalid_json",
            "Duplicate field 'inputs'"),
        Arguments.of(
            "/ner", "null", 422, "validation", "request body must be a JSON object, got null"),
        Arguments.of("/ner", "[]", 422, "validation", "request body must be a JSON object"),
        Arguments.of("/ner", "\"text\"", 422, "validation", "request body must be a JSON object"),
        Arguments.of("/ner", "{}", 422, "validation", "'inputs' is required"),
        Arguments.of(
            "/ner",
            "{\"inputs\": 5}",
            422,
            "validation",
            "'inputs' must be a string or an array of strings"),
        Arguments.of(
            "/ner", "{\"inputs\": [\"a\", 5]}", 422, "validation", "'inputs' [1] must be a string"),
        Arguments.of("/ner", "{\"inputs\": []}", 400, "empty", "inputs must not be empty"),
        Arguments.of(
            "/ner",
            "{\"inputs\": [\"a\",\"b\",\"c\",\"d\",\"e\"]}",
            413,
            "payload_too_large",
            "inputs holds 5 texts; at most 4 per request"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"paramters\": {}}",
            422,
            "validation",
            "unknown field 'paramters'; expected one of [inputs, options, parameters]"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"parameters\": {\"stride\": \"3\"}}",
            422,
            "validation",
            "'parameters.stride' must be an integer"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"parameters\": {\"stride\": 1.5}}",
            422,
            "validation",
            "'parameters.stride' must be an integer"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"parameters\": {\"stride\": 99999999999999999999}}",
            422,
            "validation",
            "'parameters.stride' is out of range for its type"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"a\", \"parameters\": {\"aggregation_strategy\": \"best\"}}",
            422,
            "validation",
            "'parameters.aggregation_strategy' must be one of [none, simple, first, average, max], got 'best'"),
        Arguments.of(
            "/ner",
            "{\"inputs\": \"bad \\ud800 surrogate\"}",
            422,
            "validation",
            "inputs holds an unpaired UTF-16 surrogate at index 4; send valid Unicode"),
        Arguments.of(
            "/qa",
            "{\"inputs\": {\"question\": \"q\", \"context\": \"c\"}, \"parameters\": {\"top_k\": -1}}",
            422,
            "validation",
            "parameters.top_k must be between 1 and 100, got -1"),
        Arguments.of(
            "/qa",
            "{\"inputs\": {\"question\": \"q\"}}",
            422,
            "validation",
            "inputs.context is required"),
        Arguments.of(
            "/qa",
            "{\"inputs\": \"just a string\"}",
            422,
            "validation",
            "'inputs' must be an object"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"temperature\": NaN}}",
            400,
            "invalid_json",
            "invalid JSON"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"temperature\": \"NaN\"}}",
            422,
            "validation",
            "parameters.temperature must be a finite number in (0.0, 100.0], got NaN"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"temperature\": 1e400}}",
            422,
            "validation",
            "parameters.temperature must be a finite number in (0.0, 100.0], got Infinity"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"temperature\": 0}}",
            422,
            "validation",
            "parameters.temperature must be a finite number in (0.0, 100.0], got 0.0"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"top_k\": -1}}",
            422,
            "validation",
            "parameters.top_k must be between 0 and 1000000, got -1"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"top_p\": 1.5}}",
            422,
            "validation",
            "parameters.top_p must be a finite number in (0.0, 1.0], got 1.5"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"max_new_tokens\": 0}}",
            422,
            "validation",
            "parameters.max_new_tokens must be between 1 and 512, got 0"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"seed\": -3}}",
            422,
            "validation",
            "parameters.seed must be >= 0, got -3"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"best_of\": 2}}",
            422,
            "validation",
            "parameters.best_of is not supported by this server"),
        Arguments.of("/generate", "{\"inputs\": \"\"}", 400, "empty", "inputs must not be empty"),
        Arguments.of(
            "/generate",
            "{\"inputs\": \"a\", \"parameters\": {\"stop\": [\"\"]}}",
            422,
            "validation",
            "parameters.stop[0] must hold 1 to 256 chars"),
        Arguments.of(
            "/embed",
            "{\"inputs\": \"a\", \"normalize\": \"yes\"}",
            422,
            "validation",
            "'normalize' must be a boolean"),
        Arguments.of(
            "/v1/embeddings",
            "{\"input\": [[1, 2]]}",
            422,
            "validation",
            "'input' [0] must be a string"),
        Arguments.of(
            "/v1/embeddings",
            "{\"input\": \"a\", \"encoding_format\": \"int8\"}",
            422,
            "validation",
            "encoding_format must be 'float' or 'base64', got 'int8'"),
        Arguments.of(
            "/v1/embeddings",
            "{\"input\": \"a\", \"dimensions\": 2}",
            422,
            "validation",
            "dimensions must be 3 for this model, got 2"),
        Arguments.of(
            "/tokenize",
            "{\"inputs\": \"a\", \"add_special_tokens\": 1}",
            422,
            "validation",
            "'add_special_tokens' must be a boolean"),
        Arguments.of(
            "/decode",
            "{\"ids\": [1, 100]}",
            422,
            "validation",
            "ids[1] = 100 is outside the vocabulary [0, 100)"),
        Arguments.of(
            "/decode",
            "{\"ids\": [-1]}",
            422,
            "validation",
            "ids[0] = -1 is outside the vocabulary"),
        Arguments.of(
            "/decode",
            "{\"ids\": [\"1\"]}",
            422,
            "validation",
            "'ids' [0] must be an integer token id"),
        Arguments.of(
            "/decode",
            "{\"ids\": [1e99]}",
            422,
            "validation",
            "'ids' [0] must be an integer token id"),
        Arguments.of(
            "/decode",
            "{\"ids\": [123456789012345678901234567890]}",
            422,
            "validation",
            "'ids' [0] is out of range"));
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @MethodSource("badRequests")
  void badRequestsGetATypedErrorThatSaysWhatIsWrong(
      String path, String body, int status, String type, String message) {
    ServerFixture.Reply reply = fixture.post(path, body);
    assertThat(reply.status()).as(reply.body()).isEqualTo(status);
    assertClean(reply, type);
    assertThat(reply.json().get("error").asText()).contains(message);
  }

  @Test
  void deeplyNestedJsonIsRefused() {
    String nested = "[".repeat(10_000) + "]".repeat(10_000);
    ServerFixture.Reply shallowFailure = fixture.post("/ner", "{\"inputs\": " + nested + "}");
    assertThat(shallowFailure.status()).isEqualTo(422);
    assertClean(shallowFailure, "validation");
    // A free-form field is read as a tree, so the parser's depth limit is what stops it.
    ServerFixture.Reply reply =
        fixture.post(
            "/generate", "{\"inputs\": \"a\", \"parameters\": {\"grammar\": " + nested + "}}");
    assertThat(reply.status()).isEqualTo(400);
    assertClean(reply, "invalid_json");
    assertThat(reply.json().get("error").asText()).contains("nests deeper than 32 levels");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() {
    String body = "{\"inputs\": \"" + "a".repeat((int) ServerFixture.MAX_PAYLOAD) + "\"}";
    ServerFixture.Reply reply = fixture.post("/embed", body);
    assertThat(reply.status()).isEqualTo(413);
    assertClean(reply, "payload_too_large");
  }

  @Test
  void invalidUtf8IsRefusedAsInvalidJson() {
    byte[] prefix = "{\"inputs\": \"".getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[prefix.length + 3];
    System.arraycopy(prefix, 0, body, 0, prefix.length);
    body[prefix.length] = (byte) 0xff;
    body[prefix.length + 1] = '"';
    body[prefix.length + 2] = '}';
    ServerFixture.Reply reply = fixture.postBytes("/tokenize", body);
    assertThat(reply.status()).isEqualTo(400);
    assertClean(reply, "invalid_json");
  }

  @Test
  void unknownRoutesAndMethodsGetTypedErrors() {
    ServerFixture.Reply missing = fixture.get("/nope");
    assertThat(missing.status()).isEqualTo(404);
    assertClean(missing, "not_found");
    ServerFixture.Reply wrongMethod = fixture.get("/ner");
    assertThat(wrongMethod.status()).isEqualTo(405);
    assertClean(wrongMethod, "method_not_allowed");
  }

  @Test
  void validUnicodeEdgeCasesAreAccepted() {
    String[] texts = {"😀", "e\\u0301", "\\u0000", "\\uFEFFBOM", "ｆｕｌｌ", "𝔘𝔫𝔦"};
    for (String text : texts) {
      ServerFixture.Reply reply = fixture.post("/tokenize", "{\"inputs\": \"" + text + "\"}");
      assertThat(reply.status()).as(text).isEqualTo(200);
    }
  }

  /** The error body is exactly {error, error_type} and leaks nothing about the implementation. */
  static void assertClean(ServerFixture.Reply reply, String type) {
    JsonNode body = reply.json();
    assertThat(body.get("error_type").asText()).isEqualTo(type);
    assertThat(body.get("error").asText()).isNotBlank();
    assertThat(reply.body())
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("com.fasterxml")
        .doesNotContain("dev.llmkit")
        .doesNotContain("\tat ")
        .doesNotContain("/work/")
        .doesNotContain("/home/");
    assertThat(reply.header("content-type")).startsWith("application/json");
  }
}
