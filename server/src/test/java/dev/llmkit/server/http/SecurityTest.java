package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.engine.BatchLimits;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** API keys and CORS. */
@Timeout(60)
class SecurityTest {

  @Test
  void withApiKeysOnlyHealthIsOpenAndOnlyAValidBearerPasses() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of("key-one", "key-two"), List.of(), 10_000),
            BatchLimits.DEFAULT)) {
      assertThat(fixture.get("/health").status()).isEqualTo(200);

      ServerFixture.Reply none = fixture.get("/info");
      assertThat(none.status()).isEqualTo(401);
      assertThat(none.header("www-authenticate")).isEqualTo("Bearer");
      BadInputTest.assertClean(none, "unauthorized");

      assertThat(fixture.get("/info", "Authorization", "Bearer wrong").status()).isEqualTo(401);
      assertThat(fixture.get("/info", "Authorization", "Basic a2V5LW9uZQ==").status())
          .isEqualTo(401);
      assertThat(fixture.get("/info", "Authorization", "Bearer key-on").status()).isEqualTo(401);
      assertThat(fixture.get("/info", "Authorization", "Bearer key-two").status()).isEqualTo(200);
      ServerFixture.Reply post =
          fixture.post("/tokenize", "{\"inputs\": \"a\"}", "Authorization", "Bearer key-one");
      assertThat(post.status()).isEqualTo(200);
      assertThat(fixture.post("/tokenize", "{\"inputs\": \"a\"}").status()).isEqualTo(401);
    }
  }

  @Test
  void corsIsOffByDefault() {
    try (ServerFixture fixture = new ServerFixture()) {
      ServerFixture.Reply reply = fixture.get("/health", "Origin", "https://app.example");
      assertThat(reply.header("access-control-allow-origin")).isNull();
    }
  }

  @Test
  void corsAllowsOnlyConfiguredOrigins() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of("https://app.example"), 10_000),
            BatchLimits.DEFAULT)) {
      ServerFixture.Reply allowed = fixture.get("/health", "Origin", "https://app.example");
      assertThat(allowed.header("access-control-allow-origin")).isEqualTo("https://app.example");
      ServerFixture.Reply other = fixture.get("/health", "Origin", "https://evil.example");
      assertThat(other.header("access-control-allow-origin")).isNull();
      ServerFixture.Reply preflight =
          fixture.send(
              HttpRequest.newBuilder(fixture.uri("/ner"))
                  .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                  .header("Origin", "https://app.example")
                  .header("Access-Control-Request-Method", "POST")
                  .build());
      assertThat(preflight.status()).isEqualTo(200);
      assertThat(preflight.header("access-control-allow-origin")).isEqualTo("https://app.example");
    }
  }
}
