package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.AttentionService;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code POST /attention} over fake services: the route's shape, task choice and errors. */
@Timeout(60)
class AttentionRouteTest {

  /** A NER model whose attention is two tokens, one layer, one head. */
  static final class NerWithAttention implements NerService {
    @Override
    public ModelInfo model() {
      return new ModelInfo("test/ner-attention", "local", null, null, "cpu");
    }

    @Override
    public CompletableFuture<List<List<NerEntity>>> recognize(
        List<String> texts, NerParameters parameters) {
      return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public Optional<AttentionService> attention() {
      return Optional.of(
          text -> {
            if (text.isBlank()) {
              throw new InvalidInputException("the text is empty");
            }
            if (text.length() > 20) {
              throw new InputTooLongException("the text has 30 tokens; at most 128");
            }
            return new AttentionService.Attention(
                List.of("[CLS]", text), new float[][][][] {{{{0.25f, 0.75f}, {0.5f, 0.5f}}}});
          });
    }
  }

  static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture =
        new ServerFixture(
            ServerFixture.config(List.of(), List.of(), 10_000),
            BatchLimits.DEFAULT,
            builder -> builder.ner(new NerWithAttention()));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void theNamedTasksModelAnswersTokensAndLayerHeadQueryKeyWeights() {
    ServerFixture.Reply reply =
        fixture.post("/attention", "{\"inputs\": \"hi\", \"parameters\": {\"task\": \"ner\"}}");
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.body())
        .isEqualTo("{\"tokens\":[\"[CLS]\",\"hi\"],\"attentions\":[[[[0.25,0.75],[0.5,0.5]]]]}");
    assertThat(reply.header("x-model-id")).isEqualTo("test/ner-attention");
  }

  @Test
  void withoutATaskTheEmbeddingModelIsAskedAndOneThatCannotShowAttentionIsA404() {
    ServerFixture.Reply reply = fixture.post("/attention", "{\"inputs\": \"hi\"}");
    assertThat(reply.status()).isEqualTo(404);
    BadInputTest.assertClean(reply, "not_found");
    assertThat(reply.json().get("error").asText())
        .isEqualTo("the embed model cannot show its attention");
  }

  @Test
  void aTaskWithoutAModelIsA404AndAnUnknownTaskA422() {
    ServerFixture.Reply fillMask =
        fixture.post(
            "/attention", "{\"inputs\": \"hi\", \"parameters\": {\"task\": \"fill-mask\"}}");
    assertThat(fillMask.status()).isEqualTo(404);
    assertThat(fillMask.json().get("error").asText()).isEqualTo("no fill-mask model is configured");

    ServerFixture.Reply unknown =
        fixture.post("/attention", "{\"inputs\": \"hi\", \"parameters\": {\"task\": \"ocr\"}}");
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.json().get("error").asText())
        .isEqualTo("parameters.task must be one of ner, qa, embed, generate, fill-mask, got 'ocr'");
  }

  @Test
  void tooLongEmptyOrMissingInputsAreTyped4xx() {
    ServerFixture.Reply tooLong =
        fixture.post(
            "/attention",
            "{\"inputs\": \"a text far longer than twenty\", \"parameters\": {\"task\": \"ner\"}}");
    assertThat(tooLong.status()).isEqualTo(413);
    BadInputTest.assertClean(tooLong, "payload_too_large");

    ServerFixture.Reply empty =
        fixture.post("/attention", "{\"inputs\": \" \", \"parameters\": {\"task\": \"ner\"}}");
    assertThat(empty.status()).isEqualTo(422);
    BadInputTest.assertClean(empty, "validation");

    ServerFixture.Reply missing =
        fixture.post("/attention", "{\"parameters\": {\"task\": \"ner\"}}");
    assertThat(missing.status()).isEqualTo(422);

    ServerFixture.Reply unknownField =
        fixture.post("/attention", "{\"inputs\": \"hi\", \"parameters\": {\"layer\": 1}}");
    assertThat(unknownField.status()).isBetween(400, 422);
  }
}
