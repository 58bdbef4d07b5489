package dev.llmkit.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.testing.TinyModels;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end on the tiny random BERT and DistilBERT token classifiers with a real (tiny) WordPiece
 * tokenizer. The weights are random, so the entities themselves mean nothing: these tests check
 * invariants (batch equals single, padding and windows change nothing they should not, offsets
 * slice the original text) and that native memory does not leak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NerPipelineIT {

  private static final String UNICODE =
      "Zoë met Ada in Köln 🙂 and then Alan lived in Paris, où the river is — it was Wolfgang.";
  private static final List<String> TEXTS =
      List.of(
          "my name is wolfgang and i live in berlin",
          UNICODE,
          "Ada",
          "",
          "Where did the cat sit? On the mat, in London!");

  private NDManager base;
  private Tokenizer tokenizer;
  private final java.util.Map<String, TokenClassifier> models = new java.util.HashMap<>();

  @BeforeAll
  void load() {
    base = NDManager.newBaseManager();
    tokenizer = TinyModels.wordPiece();
    models()
        .forEach(
            name ->
                models.put(
                    name, EncoderModels.loadTokenClassifier(TinyModels.checkpoint(name), base)));
  }

  @AfterAll
  void close() {
    models.values().forEach(TokenClassifier::close);
    tokenizer.close();
    base.close();
  }

  // Names, not models: JUnit closes AutoCloseable arguments after each invocation.
  static Stream<String> models() {
    return Stream.of("tiny-bert-heads", "tiny-distilbert-heads");
  }

  private NerPipeline pipeline(String model) {
    return NerPipeline.builder()
        .model(models.get(model))
        .tokenizer(tokenizer)
        .manager(base)
        .build();
  }

  /** Every strategy, and "none" with nothing ignored so that the models' output shows. */
  private static List<NerOptions> allOptions() {
    List<NerOptions> options = new ArrayList<>();
    options.add(NerOptions.builder().ignoreLabels(List.of()).build());
    for (AggregationStrategy s : AggregationStrategy.values()) {
      options.add(NerOptions.builder().aggregationStrategy(s).build());
    }
    return options;
  }

  static void assertSameEntities(List<Entity> actual, List<Entity> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      Entity a = actual.get(i);
      Entity e = expected.get(i);
      assertThat(a.entity()).isEqualTo(e.entity());
      assertThat(a.word()).isEqualTo(e.word());
      assertThat(a.start()).isEqualTo(e.start());
      assertThat(a.end()).isEqualTo(e.end());
      assertThat(a.utf16Start()).isEqualTo(e.utf16Start());
      assertThat(a.utf16End()).isEqualTo(e.utf16End());
      assertThat(a.index()).isEqualTo(e.index());
      assertThat(a.score()).isCloseTo(e.score(), within(1e-5));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aBatchGivesTheSameEntitiesAsOneTextAtATime(String model) {
    try (NerPipeline ner = pipeline(model)) {
      for (NerOptions options : allOptions()) {
        List<List<Entity>> batch = ner.run(TEXTS, options);
        for (int i = 0; i < TEXTS.size(); i++) {
          assertSameEntities(batch.get(i), ner.run(TEXTS.get(i), options));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void offsetsSliceTheOriginalTextInBothUnits(String model) {
    try (NerPipeline ner = pipeline(model)) {
      for (NerOptions options : allOptions()) {
        for (Entity e : ner.run(UNICODE, options)) {
          String slice = UNICODE.substring(e.utf16Start(), e.utf16End());
          assertThat(UNICODE.codePointCount(0, e.utf16Start())).isEqualTo(e.start());
          assertThat(slice.codePointCount(0, slice.length())).isEqualTo(e.end() - e.start());
          assertThat(e.score()).isBetween(0.0, 1.0);
          // lower-casing strips accents: compare letters without them
          if (options.aggregationStrategy() != AggregationStrategy.NONE) {
            assertThat(e.word().replace(" ", "")).isNotEmpty();
          }
        }
      }
      List<Entity> tokens = ner.run(UNICODE, NerOptions.builder().ignoreLabels(List.of()).build());
      // with nothing ignored, "none" returns one entry per non-special token
      assertThat(tokens).hasSize(tokenizer.encode(UNICODE, false).length());
      // [UNK] tokens are spelled as the text they cover, as Hugging Face does
      assertThat(tokens).extracting(Entity::word).contains("z", "##o", "##e", "🙂", "—");
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aStrideOnATextThatFitsChangesNothing(String model) {
    try (NerPipeline ner = pipeline(model)) {
      for (AggregationStrategy s : List.of(AggregationStrategy.SIMPLE, AggregationStrategy.MAX)) {
        NerOptions plain =
            NerOptions.builder().aggregationStrategy(s).ignoreLabels(List.of()).build();
        NerOptions strided = plain.toBuilder().stride(8).build();
        assertSameEntities(ner.run(TEXTS.get(0), strided), ner.run(TEXTS.get(0), plain));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void longTextsAreTruncatedWithoutStrideAndCoveredWithIt(String model) {
    String longText = String.join(" ", java.util.Collections.nCopies(12, UNICODE));
    assertThat(tokenizer.encode(longText).length()).isGreaterThan(3 * 64);
    try (NerPipeline ner = pipeline(model)) {
      assertThat(ner.maxLength()).isEqualTo(64);
      NerOptions all =
          NerOptions.builder()
              .aggregationStrategy(AggregationStrategy.SIMPLE)
              .ignoreLabels(List.of())
              .build();
      List<Entity> truncated = ner.run(longText, all);
      int firstWindowEnd = tokenizer.encodeWindows(longText, 64, 0).get(0).end()[62];
      assertThat(truncated).allMatch(e -> e.utf16End() <= firstWindowEnd);

      List<Entity> covered = ner.run(longText, all.toBuilder().stride(16).build());
      // sorted, non-overlapping, reaching the end of the text
      for (int i = 1; i < covered.size(); i++) {
        assertThat(covered.get(i).start()).isGreaterThanOrEqualTo(covered.get(i - 1).end());
      }
      assertThat(covered.get(covered.size() - 1).utf16End()).isGreaterThan(longText.length() - 3);
      for (Entity e : covered) {
        assertThat(longText.codePointCount(0, e.utf16Start())).isEqualTo(e.start());
      }
      // one window per forward pass: the same entities
      try (NerPipeline oneByOne =
          NerPipeline.builder()
              .model(models.get(model))
              .tokenizer(tokenizer)
              .manager(base)
              .batchSize(1)
              .build()) {
        assertSameEntities(oneByOne.run(longText, all.toBuilder().stride(16).build()), covered);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void callsDoNotLeakNativeArrays(String model) {
    try (NerPipeline ner = pipeline(model)) {
      NerOptions options = NerOptions.builder().aggregationStrategy("average").stride(8).build();
      ner.run(TEXTS, options);
      int before = base.getManagedArrays().size();
      for (int i = 0; i < 30; i++) {
        ner.run(TEXTS, options);
      }
      assertThat(base.getManagedArrays()).hasSize(before);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aStrideTooLargeForTheWindowIsAClearError(String model) {
    try (NerPipeline ner = pipeline(model)) {
      String longText = String.join(" ", java.util.Collections.nCopies(6, UNICODE));
      NerOptions options = NerOptions.builder().aggregationStrategy("simple").stride(63).build();
      assertThatThrownBy(() -> ner.run(longText, options))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("stride");
    }
  }
}
