package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.Embeddings;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The pipeline adapters on a tiny random BERT: batching across requests gives what the pipeline
 * gives one request at a time, failures stay with their request, and the routes serve them.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineServicesTest {

  private static final ModelInfo MODEL =
      new ModelInfo("tiny-bert-heads", "local", null, "float32", "cpu");
  private static final List<String> TEXTS =
      List.of(
          "my name is wolfgang and i live in berlin",
          "a",
          "Zoë met Ada in Köln 🙂",
          "where did the cat sit? on the mat, in london!");

  /** Gathers requests submitted together into one batch. */
  private static final BatchLimits LIMITS = new BatchLimits(4096, 32, Duration.ofMillis(200), 100);

  /** The model's own window (64) is the effective limit. */
  private static final InputLimit INPUT_LIMIT = new InputLimit(512, TooLongPolicy.ERROR);

  private final TinyPipelines tiny = new TinyPipelines();

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(PipelineServicesTest.class.getResource("/tiny/" + name).toURI());
  }

  @AfterAll
  void close() {
    tiny.close();
  }

  @Test
  void batchedNerGivesWhatThePipelineGivesEachTextAlone() throws Exception {
    NerParameters parameters = new NerParameters(AggregationStrategy.NONE, List.of(), 0);
    NerPipelineService service =
        new NerPipelineService(
            tiny.ner, tiny.tokenizer, MODEL, LIMITS, INPUT_LIMIT, new SimpleMeterRegistry());
    List<CompletableFuture<List<List<NerEntity>>>> futures =
        TEXTS.stream().map(t -> service.recognize(List.of(t), parameters)).toList();
    for (int i = 0; i < TEXTS.size(); i++) {
      List<NerEntity> batched = futures.get(i).get(30, TimeUnit.SECONDS).get(0);
      List<NerEntity> alone =
          tiny.ner.run(TEXTS.get(i), NerPipelineService.options(parameters)).stream()
              .map(NerPipelineService::entity)
              .toList();
      assertThat(batched).hasSameSizeAs(alone);
      for (int k = 0; k < alone.size(); k++) {
        assertThat(batched.get(k).entity()).isEqualTo(alone.get(k).entity());
        assertThat(batched.get(k).start()).isEqualTo(alone.get(k).start());
        assertThat(batched.get(k).utf16End()).isEqualTo(alone.get(k).utf16End());
        assertThat(batched.get(k).score())
            .isCloseTo(alone.get(k).score(), org.assertj.core.data.Offset.offset(1e-5f));
      }
    }
    // With no labels ignored and no aggregation, every non-special token is reported.
    assertThat(futures.get(1).get().get(0)).hasSize(1);
    assertThat(futures.get(1).get().get(0).get(0).word()).isEqualTo("a");
  }

  @Test
  void qaServiceGivesWhatThePipelineGives() throws Exception {
    QaParameters parameters = new QaParameters(2, 16, 15, 48, 16, false);
    QaPipelineService service =
        new QaPipelineService(
            tiny.qa, tiny.tokenizer, MODEL, LIMITS, INPUT_LIMIT, new SimpleMeterRegistry());
    String question = "where did the cat sit?";
    String context = "the cat sat on the mat in london and my name is wolfgang";
    List<QaAnswer> answers =
        service.answer(question, context, parameters).get(30, TimeUnit.SECONDS);
    List<QaAnswer> direct =
        tiny
            .qa
            .run(
                question,
                context,
                QaOptions.builder().topK(2).docStride(16).maxSeqLen(48).maxQuestionLen(16).build())
            .stream()
            .map(QaPipelineService::answer)
            .toList();
    assertThat(answers).isEqualTo(direct);
    for (QaAnswer a : answers) {
      assertThat(context.substring(a.utf16Start(), a.utf16End())).isEqualTo(a.answer());
    }
  }

  @Test
  void embeddingsMatchThePipelineAndATooLongInputFailsOnlyItsRequest() throws Exception {
    EmbeddingPipelineService service =
        new EmbeddingPipelineService(
            tiny.embed, tiny.tokenizer, 32, MODEL, LIMITS, INPUT_LIMIT, new SimpleMeterRegistry());
    String tooLong = "a ".repeat(100);
    CompletableFuture<Embeddings> good =
        service.embed(List.of(TEXTS.get(0), TEXTS.get(1)), new EmbedParameters(true, false));
    CompletableFuture<Embeddings> bad =
        service.embed(List.of(tooLong), new EmbedParameters(true, false));
    Embeddings vectors = good.get(30, TimeUnit.SECONDS);
    List<dev.llmkit.inference.embedding.Embedding> direct =
        tiny.embed.embed(
            List.of(TEXTS.get(0), TEXTS.get(1)),
            EmbeddingOptions.builder().normalize(true).build());
    assertThat(vectors.vectors().get(0))
        .containsExactly(direct.get(0).vector(), org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(vectors.promptTokens())
        .isEqualTo(direct.get(0).tokenCount() + direct.get(1).tokenCount());
    assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(InputTooLongException.class);
  }

  @Test
  void theRoutesServeRealPipelines() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // The server closes its services, and they their pipelines: give it its own.
    Path checkpoint = resource("tiny-bert-heads");
    NDManager own = tiny.base.newSubManager();
    NerPipeline ownNer =
        NerPipeline.builder()
            .model(EncoderModels.loadTokenClassifier(checkpoint, own))
            .tokenizer(tiny.tokenizer)
            .manager(own)
            .build();
    QaPipeline ownQa =
        QaPipeline.builder()
            .model(EncoderModels.loadQuestionAnswerer(checkpoint, own))
            .tokenizer(tiny.tokenizer)
            .manager(own)
            .build();
    ServerConfig defaults = ServerConfig.defaults();
    ServerConfig config =
        new ServerConfig(
            "127.0.0.1",
            0,
            1 << 20,
            8,
            5_000,
            List.of(),
            List.of(),
            defaults.ner(),
            defaults.qa(),
            defaults.embed(),
            defaults.generate(),
            defaults.tokenize(),
            defaults.fillMask(),
            null);
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(config)
            .ner(
                new NerPipelineService(
                    ownNer, tiny.tokenizer, MODEL, LIMITS, INPUT_LIMIT, registry))
            .qa(new QaPipelineService(ownQa, tiny.tokenizer, MODEL, LIMITS, INPUT_LIMIT, registry))
            .build()
            .start()) {
      HttpClient client = HttpClient.newHttpClient();
      ObjectMapper json = new ObjectMapper();
      HttpResponse<String> nerReply =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ner"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"inputs\": \"my name is wolfgang\", \"parameters\":"
                              + " {\"aggregation_strategy\": \"none\", \"ignore_labels\": []}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(nerReply.statusCode()).as(nerReply.body()).isEqualTo(200);
      JsonNode tokens = json.readTree(nerReply.body());
      assertThat(tokens.size()).isEqualTo(4);
      assertThat(tokens.get(3).get("word").asText()).isEqualTo("wolfgang");
      assertThat(tokens.get(3).get("start").asInt()).isEqualTo(11);
      assertThat(tokens.get(3).get("index").asInt()).isEqualTo(4);

      HttpResponse<String> qaReply =
          client.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/qa"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"inputs\": {\"question\": \"where?\", \"context\": \"in london\"},"
                              + " \"parameters\": {\"max_seq_len\": 32, \"doc_stride\": 8}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(qaReply.statusCode()).as(qaReply.body()).isEqualTo(200);
      JsonNode answer = json.readTree(qaReply.body());
      assertThat(
              "in london"
                  .substring(answer.get("utf16_start").asInt(), answer.get("utf16_end").asInt()))
          .isEqualTo(answer.get("answer").asText());
    }
  }
}
