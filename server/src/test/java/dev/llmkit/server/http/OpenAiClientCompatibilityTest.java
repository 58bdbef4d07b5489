package dev.llmkit.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.llmkit.server.engine.BatchLimits;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LangChain4j's unchanged OpenAI embedding client against {@code /v1/embeddings}. */
@Timeout(60)
class OpenAiClientCompatibilityTest {

  @Test
  void langChain4jOpenAiEmbeddingModelWorksAgainstTheServer() {
    try (ServerFixture fixture =
        new ServerFixture(
            ServerFixture.config(List.of("sk-test"), List.of(), 10_000), BatchLimits.DEFAULT)) {
      OpenAiEmbeddingModel model =
          OpenAiEmbeddingModel.builder()
              .baseUrl("http://127.0.0.1:" + fixture.port + "/v1")
              .apiKey("sk-test")
              .modelName("test/fake-model")
              .maxRetries(0)
              .build();

      Response<Embedding> one = model.embed("ab cd");
      // The fake embeds "ab cd" as (5, 2, 1) / sqrt(30).
      assertThat(one.content().vector())
          .containsExactly(
              (float) (5 / Math.sqrt(30)),
              (float) (2 / Math.sqrt(30)),
              (float) (1 / Math.sqrt(30)));
      assertThat(one.tokenUsage().inputTokenCount()).isEqualTo(5);

      Response<List<Embedding>> many =
          model.embedAll(List.of(TextSegment.from("x"), TextSegment.from("two words")));
      assertThat(many.content()).hasSize(2);
      assertThat(many.content().get(1).dimension()).isEqualTo(3);
      assertThat(many.content().get(0).vector()[0]).isEqualTo((float) (1 / Math.sqrt(3)));
    }
  }
}
