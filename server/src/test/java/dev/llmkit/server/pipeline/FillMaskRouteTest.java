package dev.llmkit.server.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.fillmask.FillMaskCandidate;
import dev.llmkit.inference.fillmask.FillMaskOptions;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.MaskedLanguageModel;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /fill-mask} on a tiny random BERT masked-LM (the tiny test BERT plus a random {@code
 * cls.predictions} head), loaded by {@link PipelineLoader#fillMask}: Hugging Face's shapes, and the
 * same candidates as the library's {@link FillMaskPipeline} on the same checkpoint.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FillMaskRouteTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;

  private NDManager base;
  private Tokenizer tokenizer;
  private MaskedLanguageModel model;
  private FillMaskPipeline reference;
  private LlmkitServer server;
  private final HttpClient client = HttpClient.newHttpClient();

  @BeforeAll
  void start() throws Exception {
    writeTinyMaskedLm(dir);
    base = NDManager.newBaseManager();
    tokenizer = Tokenizer.fromDirectory(dir);
    model = EncoderModels.loadMaskedLanguageModel(dir, base, DataType.FLOAT32);
    reference = FillMaskPipeline.builder().model(model).tokenizer(tokenizer).manager(base).build();
    ServerConfig d = ServerConfig.defaults();
    TaskConfig fillMask = d.fillMask().withModel(dir.toString());
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
            fillMask,
            null);
    server =
        LlmkitServer.builder()
            .config(config)
            .fillMask(PipelineLoader.fillMask(fillMask, new SimpleMeterRegistry()))
            .build()
            .start();
  }

  @AfterAll
  void stop() {
    for (AutoCloseable c : new AutoCloseable[] {server, reference, model, tokenizer, base}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /**
   * The tiny test BERT (2 layers × 32, WordPiece vocabulary of 100 with {@code [MASK]}) with a
   * random masked-LM head; the decoder is tied to the word embeddings, as in bert-base-cased.
   */
  static void writeTinyMaskedLm(Path dir) throws Exception {
    Path heads = Path.of(FillMaskRouteTest.class.getResource("/tiny/tiny-bert-heads").toURI());
    Path wordpiece = Path.of(FillMaskRouteTest.class.getResource("/tiny/tiny-wordpiece").toURI());
    for (String name : List.of("vocab.txt", "tokenizer_config.json")) {
      Files.copy(wordpiece.resolve(name), dir.resolve(name));
    }
    Files.writeString(
        dir.resolve("config.json"),
        Files.readString(heads.resolve("config.json"))
            .replace("BertForTokenClassification", "BertForMaskedLM"));
    SafetensorsWriter writer = SafetensorsWriter.create();
    try (SafetensorsFile tiny = SafetensorsFile.open(heads.resolve("model.safetensors"))) {
      for (String name : tiny.names()) {
        if (name.startsWith("bert.")) {
          writer.addFloats(name, tiny.readFloats(name), tiny.info(name).orElseThrow().shape());
        }
      }
    }
    Random random = new Random(11);
    int h = 32;
    int v = 100;
    writer
        .addFloats("cls.predictions.transform.dense.weight", gaussian(random, h * h), shape(h, h))
        .addFloats("cls.predictions.transform.dense.bias", gaussian(random, h), shape(h))
        .addFloats("cls.predictions.transform.LayerNorm.weight", gaussian(random, h), shape(h))
        .addFloats("cls.predictions.transform.LayerNorm.bias", gaussian(random, h), shape(h))
        .addFloats("cls.predictions.bias", gaussian(random, v), shape(v))
        .write(dir.resolve("model.safetensors"));
  }

  private static float[] gaussian(Random random, int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static long[] shape(long... dims) {
    return dims;
  }

  private record Reply(int status, JsonNode json, String body) {}

  private Reply post(String body) throws IOException, InterruptedException {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/fill-mask"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()), r.body());
  }

  /** The JSON candidates equal the library's, field by field. */
  private static void assertSameCandidates(JsonNode json, List<FillMaskCandidate> expected) {
    assertThat(json.isArray()).as(json.toString()).isTrue();
    assertThat(json).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      JsonNode c = json.get(i);
      FillMaskCandidate e = expected.get(i);
      List<String> fields = new ArrayList<>();
      c.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactly("score", "token", "token_str", "sequence");
      assertThat(c.get("token").asLong()).isEqualTo(e.token());
      assertThat(c.get("token_str").asText()).isEqualTo(e.tokenStr());
      assertThat(c.get("sequence").asText()).isEqualTo(e.sequence());
      // The route batches texts the reference runs alone: products over other row counts round
      // differently (about 1e-7 of a logit), which the softmax carries to about 1e-6.
      assertThat(c.get("score").asDouble()).isCloseTo(e.score(), within(1e-5));
    }
  }

  @Test
  void oneMaskAnswersTopKCandidatesEqualToTheLibraryPipeline() throws Exception {
    String text = "the cat sat on the [MASK].";
    Reply reply = post("{\"inputs\": \"" + text + "\"}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<FillMaskCandidate> expected = reference.run(text).get(0);
    assertThat(expected).hasSize(5);
    assertSameCandidates(reply.json(), expected);
    // Sorted by score, and a probability distribution's top five sum to at most 1.
    double sum = 0;
    for (int i = 0; i < 5; i++) {
      sum += reply.json().get(i).get("score").asDouble();
      if (i > 0) {
        assertThat(reply.json().get(i).get("score").asDouble())
            .isLessThanOrEqualTo(reply.json().get(i - 1).get("score").asDouble());
      }
    }
    assertThat(sum).isBetween(0.0, 1.0);
  }

  @Test
  void severalMasksAnswerAListPerMask() throws Exception {
    String text = "[MASK] cat sat on the [MASK].";
    Reply reply = post("{\"inputs\": \"" + text + "\", \"parameters\": {\"top_k\": 3}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    List<List<FillMaskCandidate>> expected =
        reference.run(text, FillMaskOptions.builder().topK(3).build());
    assertThat(reply.json()).hasSize(2);
    assertSameCandidates(reply.json().get(0), expected.get(0));
    assertSameCandidates(reply.json().get(1), expected.get(1));
    // transformers keeps the other mask in each sequence when a text has several.
    assertThat(reply.json().get(0).get(0).get("sequence").asText()).contains("[MASK]");
  }

  @Test
  void anArrayOfInputsAnswersAListPerInputInOrder() throws Exception {
    Reply reply =
        post(
            "{\"inputs\": [\"ada lives in [MASK].\", \"[MASK] met [MASK]\", \"where is [MASK]?\"],"
                + " \"parameters\": {\"top_k\": 2}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    FillMaskOptions two = FillMaskOptions.builder().topK(2).build();
    assertThat(reply.json()).hasSize(3);
    assertSameCandidates(reply.json().get(0), reference.run("ada lives in [MASK].", two).get(0));
    List<List<FillMaskCandidate>> both = reference.run("[MASK] met [MASK]", two);
    assertThat(reply.json().get(1)).hasSize(2);
    assertSameCandidates(reply.json().get(1).get(0), both.get(0));
    assertSameCandidates(reply.json().get(1).get(1), both.get(1));
    assertSameCandidates(reply.json().get(2), reference.run("where is [MASK]?", two).get(0));
  }

  @Test
  void targetsRestrictTheCandidatesToThoseWords() throws Exception {
    String text = "he lives in [MASK].";
    Reply reply =
        post(
            "{\"inputs\": \""
                + text
                + "\", \"parameters\": {\"top_k\": 10, \"targets\": [\"paris\", \"london\"]}}");
    assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    assertThat(reply.json()).hasSize(2);
    List<String> words =
        List.of(
            reply.json().get(0).get("token_str").asText(),
            reply.json().get(1).get("token_str").asText());
    assertThat(words).containsExactlyInAnyOrder("paris", "london");
    assertSameCandidates(
        reply.json(),
        reference
            .run(
                text,
                FillMaskOptions.builder().topK(10).targets(List.of("paris", "london")).build())
            .get(0));
  }

  @Test
  void aTextWithoutTheMaskTokenIsRefusedWithTransformersMessage() throws Exception {
    Reply reply = post("{\"inputs\": \"the cat sat on the mat.\"}");
    assertThat(reply.status()).isEqualTo(422);
    assertThat(reply.json().get("error").asText())
        .isEqualTo("No mask_token ([MASK]) found on the input");
    assertThat(reply.json().get("error_type").asText()).isEqualTo("validation");

    Reply inArray = post("{\"inputs\": [\"a [MASK]\", \"no mask here\"]}");
    assertThat(inArray.status()).isEqualTo(422);
    assertThat(inArray.json().get("error").asText()).contains("inputs[1]");
  }

  @Test
  void topKOutsideOneToAThousandAndUnknownFieldsAreClientErrors() throws Exception {
    for (String topK : List.of("0", "-3", "1001")) {
      Reply reply = post("{\"inputs\": \"a [MASK]\", \"parameters\": {\"top_k\": " + topK + "}}");
      assertThat(reply.status()).as(topK).isEqualTo(422);
      assertThat(reply.json().get("error").asText()).contains("parameters.top_k");
    }
    Reply wrongType = post("{\"inputs\": \"a [MASK]\", \"parameters\": {\"top_k\": \"five\"}}");
    assertThat(wrongType.status()).isBetween(400, 499);
    assertThat(wrongType.json().has("error_type")).isTrue();
    Reply unknown = post("{\"inputs\": \"a [MASK]\", \"parameters\": {\"topk\": 3}}");
    assertThat(unknown.status()).isBetween(400, 499);
    assertThat(unknown.json().get("error").asText()).contains("topk");
    Reply emptyTargets = post("{\"inputs\": \"a [MASK]\", \"parameters\": {\"targets\": []}}");
    assertThat(emptyTargets.status()).isEqualTo(422);
  }

  @Test
  void infoListsTheFillMaskTaskWithItsRoute() throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/info"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode tasks = JSON.readTree(r.body()).get("tasks");
    JsonNode fillMask = null;
    for (JsonNode task : tasks) {
      if (task.get("task").asText().equals("fill-mask")) {
        fillMask = task;
      }
    }
    assertThat(fillMask).as(tasks.toString()).isNotNull();
    assertThat(fillMask.get("state").asText()).isEqualTo("READY");
    assertThat(fillMask.get("routes").toString()).isEqualTo("[\"/fill-mask\"]");
    assertThat(fillMask.get("model").get("id").asText()).isEqualTo(dir.getFileName().toString());
  }
}
