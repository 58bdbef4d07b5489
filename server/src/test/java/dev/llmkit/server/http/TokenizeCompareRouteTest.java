package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class TokenizeCompareRouteTest {

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
  void byDefaultTheTextIsCutByWordPieceCasedAndUncasedAndByByteLevelBpe() {
    ServerFixture.Reply reply = fixture.post("/tokenize/compare", "{\"inputs\": \"Hello world\"}");
    assertThat(reply.status()).isEqualTo(200);
    JsonNode results = reply.json();
    assertThat(results).hasSize(3);
    // Published ids of the three Hugging Face tokenizers.
    assertThat(results.get(0).get("model").asText()).isEqualTo("bert-base-cased");
    assertThat(results.get(0).get("kind").asText()).isEqualTo("WORDPIECE");
    assertThat(results.get(0).get("ids").toString()).isEqualTo("[101,8667,1362,102]");
    assertThat(results.get(1).get("model").asText()).isEqualTo("bert-base-uncased");
    assertThat(results.get(1).get("ids").toString()).isEqualTo("[101,7592,2088,102]");
    assertThat(results.get(2).get("model").asText()).isEqualTo("gpt2");
    assertThat(results.get(2).get("ids").toString()).isEqualTo("[15496,995]");
    JsonNode world = results.get(2).get("tokens").get(1);
    assertThat(world.get("token").asText()).isEqualTo("Ġworld");
    assertThat(world.get("text").asText()).isEqualTo(" world");
    assertThat(world.get("utf16_start").asInt()).isEqualTo(5);
    assertThat(world.get("bytes").asText()).isEqualTo("20 77 6f 72 6c 64");
    assertThat(results.get(0).get("tokens").get(1).has("bytes")).isFalse();
  }

  @Test
  void byteLevelTokensShowTheUtf8BytesTheyStandFor() {
    JsonNode gpt2 =
        fixture
            .post("/tokenize/compare", "{\"inputs\": \"é\", \"tokenizers\": [\"gpt2\"]}")
            .json()
            .get(0);
    JsonNode token = gpt2.get("tokens").get(0);
    assertThat(token.get("token").asText()).isEqualTo("Ã©");
    assertThat(token.get("text").asText()).isEqualTo("é");
    assertThat(token.get("bytes").asText()).isEqualTo("c3 a9");
  }

  @Test
  void windowsWithStrideRepeatTheSharedTokens() {
    JsonNode gpt2 =
        fixture
            .post(
                "/tokenize/compare",
                "{\"inputs\": \"one two three four five six seven eight\", \"tokenizers\":"
                    + " [\"gpt2\"], \"max_length\": 5, \"stride\": 2}")
            .json()
            .get(0);
    JsonNode windows = gpt2.get("windows");
    assertThat(windows).hasSize(2);
    // Eight one-token words: window 0 holds words 0-4, window 1 words 3-7.
    assertThat(windows.get(0).get("tokens").get(3).get("text").asText()).isEqualTo(" four");
    assertThat(windows.get(1).get("tokens").get(0).get("text").asText()).isEqualTo(" four");
    assertThat(windows.get(1).get("tokens").get(4).get("text").asText()).isEqualTo(" eight");
  }

  @Test
  void badRequestsAreTyped4xxNamingWhatToFix() {
    ServerFixture.Reply unknown =
        fixture.post("/tokenize/compare", "{\"inputs\": \"a\", \"tokenizers\": [\"t5\"]}");
    assertThat(unknown.status()).isEqualTo(422);
    BadInputTest.assertClean(unknown, "validation");
    assertThat(unknown.json().get("error").asText())
        .contains("'t5'")
        .contains("bert-base-cased, bert-base-uncased, gpt2");

    ServerFixture.Reply strideAlone =
        fixture.post("/tokenize/compare", "{\"inputs\": \"a\", \"stride\": 2}");
    assertThat(strideAlone.status()).isEqualTo(422);
    assertThat(strideAlone.json().get("error").asText()).isEqualTo("stride needs max_length");

    ServerFixture.Reply tooMuchStride =
        fixture.post(
            "/tokenize/compare", "{\"inputs\": \"a b c\", \"max_length\": 6, \"stride\": 5}");
    assertThat(tooMuchStride.status()).isEqualTo(422);
    assertThat(tooMuchStride.json().get("error").asText()).startsWith("stride must be between 0");

    ServerFixture.Reply empty = fixture.post("/tokenize/compare", "{\"inputs\": \"\"}");
    assertThat(empty.status()).isEqualTo(400);
    BadInputTest.assertClean(empty, "empty");

    ServerFixture.Reply wrongType = fixture.post("/tokenize/compare", "{\"inputs\": 3}");
    assertThat(wrongType.status()).isBetween(400, 422);
  }
}
