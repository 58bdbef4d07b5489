package dev.llmkit.inference.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.Pooling;
import dev.llmkit.inference.testing.TinyModels;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end on the tiny random BERT and DistilBERT encoders with a real (tiny) WordPiece
 * tokenizer. Pooling is checked against the encoder's own output pooled here by hand, one text at a
 * time without padding; batching and padding must not change the vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddingPipelineIT {

  private static final List<String> TEXTS =
      List.of(
          "my name is wolfgang and i live in berlin",
          "Zoë met Ada in Köln 🙂",
          "a",
          "",
          "Where did the cat sit? On the mat, in London!");

  private NDManager base;
  private Tokenizer tokenizer;
  private final Map<String, Encoder> models = new HashMap<>();

  // Names, not models: JUnit closes AutoCloseable arguments after each invocation.
  static Stream<String> models() {
    return Stream.of("tiny-bert", "tiny-distilbert");
  }

  @BeforeAll
  void load() {
    base = NDManager.newBaseManager();
    tokenizer = TinyModels.wordPiece();
    models()
        .forEach(
            name -> models.put(name, EncoderModels.loadEncoder(TinyModels.checkpoint(name), base)));
  }

  @AfterAll
  void close() {
    models.values().forEach(Encoder::close);
    tokenizer.close();
    base.close();
  }

  private EmbeddingPipeline pipeline(String model, int batchSize) {
    return EmbeddingPipeline.builder()
        .model(models.get(model))
        .tokenizer(tokenizer)
        .manager(base)
        .batchSize(batchSize)
        .build();
  }

  /** The encoder's hidden states for one text, unpadded: {@code [T][C]}. */
  private float[][] hidden(String model, String text) {
    Encoding e = tokenizer.encode(text);
    try (NDManager m = base.newSubManager()) {
      Shape shape = new Shape(1, e.length());
      NDArray h =
          models
              .get(model)
              .forward(
                  m.create(e.ids(), shape),
                  m.create(e.attentionMask(), shape),
                  m.create(e.typeIds(), shape));
      float[] flat = h.toFloatArray();
      int c = (int) h.getShape().get(2);
      float[][] rows = new float[e.length()][];
      for (int t = 0; t < rows.length; t++) {
        rows[t] = java.util.Arrays.copyOfRange(flat, t * c, (t + 1) * c);
      }
      return rows;
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void meanPoolingIsTheAverageOfTheTokenVectors(String model) {
    EmbeddingOptions raw = EmbeddingOptions.builder().normalize(false).build();
    try (EmbeddingPipeline embed = pipeline(model, 32)) {
      List<Embedding> vectors = embed.embed(TEXTS, raw);
      for (int i = 0; i < TEXTS.size(); i++) {
        float[][] h = hidden(model, TEXTS.get(i));
        float[] v = vectors.get(i).vector();
        assertThat(vectors.get(i).tokenCount()).isEqualTo(h.length);
        for (int d = 0; d < v.length; d++) {
          double mean = 0;
          for (float[] row : h) {
            mean += row[d];
          }
          assertThat(v[d]).isCloseTo((float) (mean / h.length), within(1e-5f));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void clsPoolingIsTheFirstTokenVectorAndNormalizeMakesUnitVectors(String model) {
    EmbeddingOptions cls = EmbeddingOptions.builder().pooling(Pooling.CLS).build();
    try (EmbeddingPipeline embed = pipeline(model, 32)) {
      List<Embedding> vectors = embed.embed(TEXTS, cls);
      for (int i = 0; i < TEXTS.size(); i++) {
        float[] first = hidden(model, TEXTS.get(i))[0];
        double norm = 0;
        for (float x : first) {
          norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] v = vectors.get(i).vector();
        double length = 0;
        for (int d = 0; d < v.length; d++) {
          assertThat(v[d]).isCloseTo((float) (first[d] / norm), within(1e-5f));
          length += v[d] * v[d];
        }
        assertThat(Math.sqrt(length)).isCloseTo(1.0, within(1e-5));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void batchingAndPaddingDoNotChangeTheVectors(String model) {
    try (EmbeddingPipeline batched = pipeline(model, 32);
        EmbeddingPipeline single = pipeline(model, 1)) {
      for (Pooling pooling : Pooling.values()) {
        EmbeddingOptions options = EmbeddingOptions.builder().pooling(pooling).build();
        List<Embedding> a = batched.embed(TEXTS, options);
        List<Embedding> b = single.embed(TEXTS, options);
        for (int i = 0; i < TEXTS.size(); i++) {
          assertThat(a.get(i).vector()).containsExactly(b.get(i).vector(), within(1e-5f));
          assertThat(a.get(i).cosine(b.get(i))).isGreaterThan(1 - 1e-9);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void tooLongTextsAreRejectedOrTruncatedAsAsked(String model) {
    String longText = String.join(" ", Collections.nCopies(80, "wolfgang"));
    try (EmbeddingPipeline embed = pipeline(model, 32)) {
      assertThat(embed.maxLength()).isEqualTo(64);
      assertThatThrownBy(() -> embed.embed(List.of("a", longText), EmbeddingOptions.defaults()))
          .isInstanceOfSatisfying(
              InputTooLongException.class,
              e -> {
                assertThat(e.index()).isEqualTo(1);
                assertThat(e.tokenCount()).isEqualTo(82);
                assertThat(e.limit()).isEqualTo(64);
              })
          .hasMessageContaining("82 tokens")
          .hasMessageContaining("at most 64");

      EmbeddingOptions truncate = EmbeddingOptions.builder().truncate(true).build();
      Embedding cut = embed.embed(List.of(longText), truncate).get(0);
      assertThat(cut.tokenCount()).isEqualTo(64);
      // the first 62 words are what the model saw
      String prefix = String.join(" ", Collections.nCopies(62, "wolfgang"));
      Embedding same = embed.embed(List.of(prefix), truncate).get(0);
      assertThat(cut.vector()).containsExactly(same.vector(), within(1e-5f));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void callsDoNotLeakNativeArrays(String model) {
    try (EmbeddingPipeline embed = pipeline(model, 2)) {
      embed.embed(TEXTS, EmbeddingOptions.defaults());
      int before = base.getManagedArrays().size();
      for (int i = 0; i < 10; i++) {
        embed.embed(TEXTS, EmbeddingOptions.defaults());
      }
      assertThat(base.getManagedArrays()).hasSize(before);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void withoutAManagerThePipelineOwnsOneOnTheWeightsDevice(String model) {
    int before = base.getManagedArrays().size();
    Embedding own;
    try (EmbeddingPipeline embed =
        EmbeddingPipeline.builder().model(models.get(model)).tokenizer(tokenizer).build()) {
      own = embed.embed("my name is wolfgang");
    }
    assertThat(base.getManagedArrays()).hasSize(before);
    try (EmbeddingPipeline shared = pipeline(model, 32)) {
      assertThat(own.vector())
          .containsExactly(shared.embed("my name is wolfgang").vector(), within(1e-6f));
    }
  }
}
