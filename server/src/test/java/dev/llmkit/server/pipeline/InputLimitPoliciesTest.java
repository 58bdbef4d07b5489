package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.NerEntity;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * {@code max_input_tokens} with each {@code on_too_long} policy on the tiny BERT (window 64). In
 * the tiny vocabulary every letter and word used here is one token, so texts of {@code n} words are
 * {@code n + 2} tokens with {@code [CLS]} and {@code [SEP]}: prefixes are cut by hand.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputLimitPoliciesTest {

  private static final ModelInfo MODEL =
      new ModelInfo("tiny-bert-heads", "local", null, "float32", "cpu");
  private static final BatchLimits BATCH = new BatchLimits(8192, 32, Duration.ZERO, 100);
  private static final NerParameters ALL_TOKENS =
      new NerParameters(AggregationStrategy.NONE, List.of(), 0);
  private static final NerParameters ALL_GROUPS =
      new NerParameters(AggregationStrategy.SIMPLE, List.of(), 0);

  private TinyPipelines tiny;
  private Tokenizer tokenizer;
  private NerPipeline ner;
  private QaPipeline qa;
  private EmbeddingPipeline embed;

  private static String words(int n) {
    return TinyPipelines.words(n);
  }

  @BeforeAll
  void load() throws Exception {
    tiny = new TinyPipelines();
    tokenizer = tiny.tokenizer;
    ner = tiny.ner;
    qa = tiny.qa;
    embed = tiny.embed;
  }

  @AfterAll
  void close() {
    tiny.close();
  }

  private NerPipelineService ner(int max, TooLongPolicy policy) {
    return new NerPipelineService(
        ner, tokenizer, MODEL, BATCH, new InputLimit(max, policy), new SimpleMeterRegistry());
  }

  private EmbeddingPipelineService embed(int max, TooLongPolicy policy) {
    return new EmbeddingPipelineService(
        embed, tokenizer, 32, MODEL, BATCH, new InputLimit(max, policy), new SimpleMeterRegistry());
  }

  private QaPipelineService qa(int max, TooLongPolicy policy) {
    return new QaPipelineService(
        qa, tokenizer, MODEL, BATCH, new InputLimit(max, policy), new SimpleMeterRegistry());
  }

  @Test
  void limiterCountsCutsAndSplitsOnTokenBoundaries() {
    InputLimiter limiter =
        new InputLimiter("ner", tokenizer, new InputLimit(10, TooLongPolicy.CHUNK), 64);
    assertThat(limiter.maxTokens()).isEqualTo(10);
    assertThat(limiter.count("the cat sat")).isEqualTo(5);
    // 8 content tokens fit between [CLS] and [SEP]; "wolfgang," is 2 tokens.
    assertThat(covered("a b c d e f g h i j k", limiter.encodeTruncated("a b c d e f g h i j k")))
        .isEqualTo("a b c d e f g h");
    String comma = "a b c d e f g wolfgang, x";
    assertThat(covered(comma, limiter.encodeTruncated(comma))).isEqualTo("a b c d e f g wolfgang");
    assertThat(limiter.encodeTruncated(comma).length()).isEqualTo(10);
    String twenty = "a b c d e f g h i j k l m n o p q r s t";
    assertThat(limiter.encodePieces(twenty))
        .extracting(piece -> covered(twenty, piece))
        .containsExactly("a b c d e f g h", "i j k l m n o p", "q r s t");
    assertThat(limiter.encodePieces("the cat")).extracting(Encoding::length).containsExactly(4);
    assertThatThrownBy(() -> limiter.encodeWithin(List.of("a b", twenty)))
        .isInstanceOf(InputTooLongException.class)
        .hasMessageContaining("inputs[1] has 22 tokens, more than the limit of 10");
  }

  /**
   * The text an encoding's content tokens cover, from its first token's start to its last's end.
   */
  private static String covered(String text, Encoding e) {
    int first = -1;
    int last = -1;
    for (int i = 0; i < e.length(); i++) {
      if (e.end()[i] > e.start()[i]) {
        first = first < 0 ? i : first;
        last = i;
      }
    }
    return text.substring(e.start()[first], e.end()[last]);
  }

  @Test
  void theModelWindowCapsALargerConfiguredLimit() {
    InputLimiter limiter =
        new InputLimiter("embed", tokenizer, new InputLimit(512, TooLongPolicy.ERROR), 64);
    assertThat(limiter.maxTokens()).isEqualTo(64);
  }

  @Test
  void nerErrorPolicyRefusesNamingTheCountAndTheLimit() {
    try (NerPipelineService service = ner(20, TooLongPolicy.ERROR)) {
      assertThatThrownBy(() -> service.recognize(List.of("the cat", words(30)), ALL_TOKENS))
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("inputs[1] has 32 tokens")
          .hasMessageContaining("limit of 20")
          .hasMessageContaining("ner.on_too_long");
    }
  }

  @Test
  void nerTruncatePolicyAnswersAsTheHandCutPrefix() throws Exception {
    try (NerPipelineService service = ner(20, TooLongPolicy.TRUNCATE)) {
      List<List<NerEntity>> result =
          service.recognize(List.of(words(30), words(18)), ALL_TOKENS).get(30, TimeUnit.SECONDS);
      // 18 words + [CLS] + [SEP] = 20 tokens: the kept prefix is exactly words(18).
      assertThat(result.get(0)).hasSize(18);
      assertThat(result.get(0))
          .usingRecursiveFieldByFieldElementComparator()
          .isEqualTo(result.get(1));
    }
  }

  @Test
  void nerChunkPolicyCoversTextBeyondTheModelWindow() throws Exception {
    String text = words(150); // 152 tokens, more than two windows of 64
    try (NerPipelineService chunk = ner(512, TooLongPolicy.CHUNK);
        NerPipelineService truncate = ner(512, TooLongPolicy.TRUNCATE)) {
      List<NerEntity> all =
          chunk.recognize(List.of(text), ALL_GROUPS).get(30, TimeUnit.SECONDS).get(0);
      List<NerEntity> cut =
          truncate.recognize(List.of(text), ALL_GROUPS).get(30, TimeUnit.SECONDS).get(0);
      // With ignore_labels [] the groups tile the text: chunking reaches its last character.
      assertThat(all.get(all.size() - 1).end()).isEqualTo(text.length());
      assertThat(cut.get(cut.size() - 1).end()).isEqualTo(words(62).length());
      assertThatThrownBy(() -> chunk.recognize(List.of(text), ALL_TOKENS))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("aggregation_strategy");
    }
  }

  @Test
  void embedErrorPolicyFailsWith413UnlessTheRequestAsksToTruncate() throws Exception {
    try (EmbeddingPipelineService service = embed(20, TooLongPolicy.ERROR)) {
      assertThatThrownBy(
              () ->
                  service
                      .embed(List.of(words(30)), new EmbedParameters(true, false))
                      .get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining("has 32 tokens, more than the limit of 20 for embed");
      float[] truncated =
          service
              .embed(List.of(words(30)), new EmbedParameters(true, true))
              .get(30, TimeUnit.SECONDS)
              .vectors()
              .get(0);
      float[] prefix =
          service
              .embed(List.of(words(18)), new EmbedParameters(true, false))
              .get(30, TimeUnit.SECONDS)
              .vectors()
              .get(0);
      assertThat(truncated).containsExactly(prefix, within(1e-6f));
    }
  }

  @Test
  void embedChunkPolicyAnswersTheTokenWeightedMeanOfThePieces() throws Exception {
    // Pieces of 18 content tokens: words(18) and then 7 words "the cat sat on the mat ." (7
    // tokens).
    String tail = "the cat sat on the mat .";
    String text = words(18) + " " + tail;
    Embedding first = direct(words(18));
    Embedding second = direct(tail);
    assertThat(first.tokenCount()).isEqualTo(20);
    assertThat(second.tokenCount()).isEqualTo(9);
    float[] expected = new float[32];
    double norm = 0;
    for (int d = 0; d < 32; d++) {
      double mean = (20.0 * first.vector()[d] + 9.0 * second.vector()[d]) / 29.0;
      expected[d] = (float) mean;
      norm += mean * mean;
    }
    for (int d = 0; d < 32; d++) {
      expected[d] = (float) (expected[d] / Math.sqrt(norm));
    }
    try (EmbeddingPipelineService service = embed(20, TooLongPolicy.CHUNK)) {
      var answer =
          service.embed(List.of(text), new EmbedParameters(true, false)).get(30, TimeUnit.SECONDS);
      assertThat(answer.vectors().get(0)).containsExactly(expected, within(1e-5f));
      assertThat(answer.promptTokens()).isEqualTo(29);
    }
  }

  private Embedding direct(String text) {
    return embed.embed(List.of(text), EmbeddingOptions.builder().normalize(false).build()).get(0);
  }

  @Test
  void embedTruncatePolicyAnswersAsTheHandCutPrefix() throws Exception {
    try (EmbeddingPipelineService service = embed(20, TooLongPolicy.TRUNCATE)) {
      var answer =
          service
              .embed(List.of(words(40), words(18)), new EmbedParameters(true, false))
              .get(30, TimeUnit.SECONDS);
      assertThat(answer.vectors().get(0)).containsExactly(answer.vectors().get(1), within(1e-6f));
    }
  }

  private static final QaParameters QA = new QaParameters(1, 16, 15, 64, 16, false);

  @Test
  void qaPoliciesRefuseCutOrWindowTheContext() throws Exception {
    String question =
        "who is ada"; // [CLS] who is ada [SEP] ... [SEP]: 6 tokens besides the context
    String context = words(40);
    try (QaPipelineService error = qa(30, TooLongPolicy.ERROR);
        QaPipelineService truncate = qa(30, TooLongPolicy.TRUNCATE);
        QaPipelineService chunk = qa(30, TooLongPolicy.CHUNK)) {
      assertThatThrownBy(() -> error.answer(question, context, QA))
          .isInstanceOf(InputTooLongException.class)
          .hasMessageContaining(
              "the question and context has 46 tokens, more than the limit of 30");
      // 24 context tokens fit: answers come from words(24), and equal the answers to it alone.
      QaAnswer cut = truncate.answer(question, context, QA).get(30, TimeUnit.SECONDS).get(0);
      QaAnswer alone = truncate.answer(question, words(24), QA).get(30, TimeUnit.SECONDS).get(0);
      assertThat(cut).isEqualTo(alone);
      assertThat(cut.end()).isLessThanOrEqualTo(words(24).length());
      QaAnswer windowed = chunk.answer(question, context, QA).get(30, TimeUnit.SECONDS).get(0);
      assertThat(windowed.answer()).isEqualTo(context.substring(windowed.start(), windowed.end()));
    }
  }

  @Test
  void routesAnswerTooLongInputsWith413AndATypedBody() throws Exception {
    ServerConfig d = ServerConfig.defaults();
    ServerConfig config =
        new ServerConfig(
            "127.0.0.1",
            0,
            1 << 20,
            8,
            5_000,
            List.of(),
            List.of(),
            d.ner(),
            d.qa(),
            d.embed(),
            d.generate(),
            d.tokenize(),
            d.fillMask(),
            null);
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(config)
            .ner(ner(20, TooLongPolicy.ERROR))
            .embeddings(embed(20, TooLongPolicy.ERROR))
            .build()
            .start()) {
      HttpClient client = HttpClient.newHttpClient();
      ObjectMapper json = new ObjectMapper();
      for (String route : List.of("/ner", "/embed")) {
        HttpResponse<String> reply =
            client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + route))
                    .POST(
                        HttpRequest.BodyPublishers.ofString("{\"inputs\": \"" + words(30) + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(413);
        JsonNode body = json.readTree(reply.body());
        assertThat(body.get("error").asText()).contains("32 tokens", "limit of 20");
        assertThat(body.get("error_type").asText()).isNotBlank();
      }
    }
  }
}
