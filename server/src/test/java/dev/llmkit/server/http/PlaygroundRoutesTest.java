package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.engine.BatchLimits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PlaygroundRoutesTest {

  @Test
  void thePageAndItsFilesNeedNoApiKeyWhileTheApiStillDoes() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of("secret"), List.of(), 10_000), BatchLimits.DEFAULT)) {
      ServerFixture.Reply page = fixture.get("/");
      assertThat(page.status()).isEqualTo(200);
      assertThat(page.header("content-type")).startsWith("text/html");
      assertThat(page.body()).contains("<title>llmkit playground</title>");
      assertThat(fixture.get("/playground/playground.js").status()).isEqualTo(200);
      assertThat(fixture.get("/playground/playground.css").status()).isEqualTo(200);

      assertThat(fixture.get("/info").status()).isEqualTo(401);
      assertThat(fixture.get("/playground/other.js").status()).isEqualTo(401);
      assertThat(fixture.get("/info", "Authorization", "Bearer secret").status()).isEqualTo(200);
    }
  }

  @Test
  void thePageLoadsOnlyItsOwnFilesUnderAStrictContentSecurityPolicy() {
    try (ServerFixture fixture = new ServerFixture()) {
      ServerFixture.Reply page = fixture.get("/");
      assertThat(page.header("content-security-policy"))
          .contains("default-src 'none'")
          .contains("script-src 'self'")
          .contains("connect-src 'self'")
          .doesNotContain("unsafe-inline");
      assertThat(page.header("x-content-type-options")).isEqualTo("nosniff");
      assertThat(page.body())
          .contains("src=\"/playground/playground.js\"")
          .contains("href=\"/playground/playground.css\"")
          .doesNotContain("http://")
          .doesNotContain("https://")
          .doesNotContain("<script>");
      ServerFixture.Reply script = fixture.get("/playground/playground.js");
      assertThat(script.header("content-type")).startsWith("text/javascript");
      assertThat(script.body()).contains("/tokenize/compare").contains("/generate_stream");
      assertThat(fixture.get("/playground/playground.css").header("content-type"))
          .startsWith("text/css");
    }
  }

  @Test
  void anUnknownPlaygroundFileIsA404InTheErrorShape() {
    try (ServerFixture fixture = new ServerFixture()) {
      ServerFixture.Reply missing = fixture.get("/playground/secrets.txt");
      assertThat(missing.status()).isEqualTo(404);
      BadInputTest.assertClean(missing, "not_found");
    }
  }
}
