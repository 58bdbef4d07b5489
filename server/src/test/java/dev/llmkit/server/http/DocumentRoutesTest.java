package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.server.retrieval.HashingEmbeddingModel;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.qa.PassageReader;
import dev.llmkit.tokenization.Tokenizer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentRoutesTest {

  @TempDir Path dataDir;

  private Tokenizer tokenizer;
  private ServerFixture fixture;

  /** Answers with the first capitalised word after "in ", probability 0.9. */
  private static final PassageReader READER =
      (question, passages) -> {
        List<Answer> out = new ArrayList<>();
        for (String p : passages) {
          int at = p.indexOf(" in ");
          if (at < 0) {
            out.add(Answer.none(0.2));
            continue;
          }
          int s = at + 4;
          int e = s;
          while (e < p.length() && Character.isLetter(p.charAt(e))) {
            e++;
          }
          int cp = p.codePointCount(0, s);
          out.add(new Answer(0.9, cp, cp + (e - s), s, e, p.substring(s, e)));
        }
        return out;
      };

  @BeforeEach
  void start() {
    tokenizer = Tokenizer.embedded("bert-base-uncased");
    RetrievalService rag =
        RetrievalService.builder()
            .dataDirectory(dataDir)
            .embeddingModel(new HashingEmbeddingModel())
            .tokenizer(tokenizer)
            .reader(READER)
            .build();
    fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            dev.llmkit.server.engine.BatchLimits.DEFAULT,
            b -> b.retrieval(rag));
  }

  @AfterEach
  void stop() {
    fixture.close();
    tokenizer.close();
  }

  @Test
  void ingestListSearchAndDeleteADocument() {
    ServerFixture.Reply created =
        fixture.post(
            "/documents",
            "{\"id\": \"eiffel\", \"text\": \"The Eiffel tower stands in Paris.\","
                + " \"metadata\": {\"year\": 1889, \"kind\": \"landmark\"}}");
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().get("status").asText()).isEqualTo("CREATED");

    ServerFixture.Reply again =
        fixture.post(
            "/documents",
            "{\"id\": \"eiffel\", \"text\": \"The Eiffel tower stands in Paris.\","
                + " \"metadata\": {\"year\": 1889, \"kind\": \"landmark\"}}");
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().get("status").asText()).isEqualTo("UNCHANGED");

    ServerFixture.Reply list = fixture.get("/documents");
    assertThat(list.status()).isEqualTo(200);
    assertThat(list.json().get(0).get("id").asText()).isEqualTo("eiffel");
    assertThat(list.json().get(0).get("segment_count").asInt()).isEqualTo(1);
    assertThat(list.json().get(0).get("metadata").get("year").asInt()).isEqualTo(1889);

    ServerFixture.Reply search =
        fixture.post(
            "/search",
            "{\"query\": \"eiffel tower\", \"mode\": \"bm25\", \"max_results\": 3,"
                + " \"filter\": {\"key\": \"year\", \"op\": \"lt\", \"value\": 1900}}");
    assertThat(search.status()).isEqualTo(200);
    assertThat(search.json().get("results").get(0).get("document_id").asText()).isEqualTo("eiffel");
    assertThat(search.json().get("results").get(0).get("utf16_end").asInt()).isEqualTo(33);

    HttpRequest delete =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + fixture.port + "/documents/eiffel"))
            .DELETE()
            .build();
    assertThat(fixture.send(delete).status()).isEqualTo(204);
    assertThat(fixture.send(delete).status()).isEqualTo(404);
    assertThat(fixture.get("/documents").json()).isEmpty();
  }

  @Test
  void qaWithoutContextAnswersFromTheDocumentsWithSources() {
    String text = "Intro 😀. The Louvre museum is in Paris, on the right bank.";
    String b64 = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    assertThat(
            fixture
                .post(
                    "/documents",
                    "{\"id\": \"louvre\", \"content_base64\": \""
                        + b64
                        + "\","
                        + " \"content_type\": \"text/plain\"}")
                .status())
        .isEqualTo(201);

    ServerFixture.Reply qa =
        fixture.post("/qa", "{\"inputs\": {\"question\": \"Where is the Louvre museum?\"}}");
    assertThat(qa.status()).isEqualTo(200);
    assertThat(qa.json().get("answer").asText()).isEqualTo("Paris");
    assertThat(qa.json().get("document_id").asText()).isEqualTo("louvre");
    int utf16 = text.indexOf("Paris");
    assertThat(qa.json().get("utf16_start").asInt()).isEqualTo(utf16);
    assertThat(qa.json().get("start").asInt()).isEqualTo(utf16 - 1); // one emoji before it
    assertThat(qa.json().get("passage").asText()).isEqualTo(text);
  }

  @Test
  void badRequestsAreTypedErrors() {
    assertThat(fixture.post("/documents", "{\"id\": \"x\"}").status()).isEqualTo(422);
    assertThat(
            fixture
                .post(
                    "/documents", "{\"content_base64\": \"%%%\", \"content_type\": \"text/plain\"}")
                .status())
        .isEqualTo(422);
    assertThat(
            fixture
                .post("/documents", "{\"text\": \"a\", \"content_type\": \"image/png\"}")
                .status())
        .isEqualTo(422);
    assertThat(
            fixture
                .post(
                    "/documents", "{\"text\": \"a\", \"metadata\": {\"document_id\": \"forged\"}}")
                .status())
        .isEqualTo(422);
    assertThat(
            fixture
                .post("/documents", "{\"text\": \"a\", \"metadata\": {\"flag\": true}}")
                .status())
        .isEqualTo(422);
    String pdf = Base64.getEncoder().encodeToString("not a pdf".getBytes(StandardCharsets.UTF_8));
    ServerFixture.Reply badPdf =
        fixture.post(
            "/documents",
            "{\"content_base64\": \"" + pdf + "\", \"content_type\": \"application/pdf\"}");
    assertThat(badPdf.status()).isEqualTo(422);
    assertThat(badPdf.json().get("error_type").asText()).isEqualTo("validation");
    assertThat(
            fixture
                .post(
                    "/search",
                    "{\"query\": \"q\", \"filter\": {\"key\": \"a\", \"op\": \"like\", \"value\": 1}}")
                .status())
        .isEqualTo(422);
    assertThat(fixture.post("/search", "{\"query\": \"q\", \"mode\": \"fuzzy\"}").status())
        .isEqualTo(422);
    assertThat(fixture.post("/search", "{\"query\": \"q\", \"max_results\": 0}").status())
        .isEqualTo(422);
  }
}
