package dev.llmkit.inference.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
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
 * End to end on the tiny random BERT and DistilBERT QA heads with a real (tiny) WordPiece
 * tokenizer. Random weights: the answers mean nothing, so these tests check invariants (batch
 * equals single, windows of a long context, offsets into the original context, ordering, limits)
 * and that native memory does not leak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QaPipelineIT {

  private static final String CONTEXT =
      "Zoë met Ada in Köln 🙂 and then Alan lived in Paris, où the river is — it was Wolfgang.";
  private static final String LONG_CONTEXT = String.join(" ", Collections.nCopies(8, CONTEXT));
  private static final List<QaInput> INPUTS =
      List.of(
          new QaInput("Who lived in Paris?", CONTEXT),
          new QaInput("where did the cat sit", "The cat sat on the mat."),
          new QaInput("what city?", LONG_CONTEXT),
          new QaInput("Ada?", "Ada"));

  private NDManager base;
  private Tokenizer tokenizer;
  private final Map<String, QuestionAnswerer> models = new HashMap<>();

  // Names, not models: JUnit closes AutoCloseable arguments after each invocation.
  static Stream<String> models() {
    return Stream.of("tiny-bert-heads", "tiny-distilbert-heads");
  }

  @BeforeAll
  void load() {
    base = NDManager.newBaseManager();
    tokenizer = TinyModels.wordPiece();
    models()
        .forEach(
            name ->
                models.put(
                    name, EncoderModels.loadQuestionAnswerer(TinyModels.checkpoint(name), base)));
  }

  @AfterAll
  void close() {
    models.values().forEach(QuestionAnswerer::close);
    tokenizer.close();
    base.close();
  }

  private QaPipeline pipeline(String model) {
    return QaPipeline.builder().model(models.get(model)).tokenizer(tokenizer).manager(base).build();
  }

  static void assertSameAnswers(List<Answer> actual, List<Answer> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.size(); i++) {
      Answer a = actual.get(i);
      Answer e = expected.get(i);
      assertThat(a.answer()).isEqualTo(e.answer());
      assertThat(a.start()).isEqualTo(e.start());
      assertThat(a.end()).isEqualTo(e.end());
      assertThat(a.utf16Start()).isEqualTo(e.utf16Start());
      assertThat(a.utf16End()).isEqualTo(e.utf16End());
      assertThat(a.score()).isCloseTo(e.score(), within(1e-5));
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aBatchGivesTheSameAnswersAsOneQuestionAtATime(String model) {
    QaOptions top3 = QaOptions.builder().topK(3).build();
    try (QaPipeline qa = pipeline(model)) {
      List<List<Answer>> batch = qa.run(INPUTS, top3);
      for (int i = 0; i < INPUTS.size(); i++) {
        QaInput in = INPUTS.get(i);
        assertSameAnswers(batch.get(i), qa.run(in.question(), in.context(), top3));
      }
      // a batch of one question per forward pass gives the same answers too
      try (QaPipeline oneAtATime =
          QaPipeline.builder()
              .model(models.get(model))
              .tokenizer(tokenizer)
              .manager(base)
              .batchSize(1)
              .build()) {
        List<List<Answer>> small = oneAtATime.run(INPUTS, top3);
        for (int i = 0; i < INPUTS.size(); i++) {
          assertSameAnswers(small.get(i), batch.get(i));
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void answersAreSlicesOfTheOriginalContextRankedByScore(String model) {
    try (QaPipeline qa = pipeline(model)) {
      for (boolean align : List.of(true, false)) {
        QaOptions options = QaOptions.builder().topK(10).alignToWords(align).build();
        for (QaInput in : INPUTS) {
          List<Answer> answers = qa.run(in.question(), in.context(), options);
          assertThat(answers).isNotEmpty().hasSizeLessThanOrEqualTo(10);
          for (int i = 0; i < answers.size(); i++) {
            Answer a = answers.get(i);
            String c = in.context();
            assertThat(c.substring(a.utf16Start(), a.utf16End())).isEqualTo(a.answer());
            assertThat(c.codePointCount(0, a.utf16Start())).isEqualTo(a.start());
            assertThat(a.answer().codePointCount(0, a.answer().length()))
                .isEqualTo(a.end() - a.start());
            assertThat(a.answer()).isNotEmpty();
            assertThat(a.score()).isPositive();
            if (i > 0) {
              assertThat(a.score()).isLessThanOrEqualTo(answers.get(i - 1).score());
            }
          }
          // merged answers are distinct, ignoring case
          assertThat(answers.stream().map(a -> a.answer().toLowerCase(java.util.Locale.ROOT)))
              .doesNotHaveDuplicates();
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void maxAnswerLenBoundsTheAnswerInTokens(String model) {
    try (QaPipeline qa = pipeline(model)) {
      for (int maxLen : List.of(1, 3)) {
        QaOptions options =
            QaOptions.builder().topK(20).maxAnswerLen(maxLen).alignToWords(false).build();
        for (Answer a : qa.run("Who lived in Paris?", CONTEXT, options)) {
          Encoding answerTokens = tokenizer.encode(a.answer(), false);
          assertThat(answerTokens.length()).as(a.answer()).isLessThanOrEqualTo(maxLen);
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aLongContextIsReadInOverlappingWindowsBatchedLikeSingleForwards(String model) {
    String question = "what city?";
    String context = distinctSentences();
    // the question and three special tokens leave 64 - 3 - 3 = 58 context tokens a window
    List<Encoding> windows = tokenizer.encodePairWindows(question, context, 64, 32);
    assertThat(windows).hasSizeGreaterThanOrEqualTo(4);
    QaOptions options = QaOptions.builder().topK(100).maxAnswerLen(3).build();
    try (QaPipeline qa = pipeline(model)) {
      List<Answer> answers = qa.run(question, context, options);

      // the same windows, each through the model on its own, decoded together
      QuestionAnswerer m = models.get(model);
      List<QaWindow> single = new java.util.ArrayList<>();
      for (Encoding w : windows) {
        try (NDManager request = base.newSubManager()) {
          ai.djl.ndarray.types.Shape shape = new ai.djl.ndarray.types.Shape(1, w.length());
          dev.llmkit.inference.model.SpanLogits logits =
              m.logits(
                  request.create(w.ids(), shape),
                  request.create(w.attentionMask(), shape),
                  request.create(w.typeIds(), shape));
          single.add(new QaWindow(w, logits.start().toFloatArray(), logits.end().toFloatArray()));
        }
      }
      List<Answer> expected =
          new AnswerDecoder(tokenizer.specialTokens().cls()).decode(context, single, options);
      assertSameAnswers(answers, expected);

      // answers come from beyond the first window (equal texts keep their first offsets)
      Encoding first = windows.get(0);
      int firstWindowEnd = first.end()[first.length() - 2];
      assertThat(answers).anyMatch(a -> a.utf16Start() >= firstWindowEnd);

      // a context that fits in one window does not depend on doc_stride
      QaOptions top5 = QaOptions.builder().topK(5).build();
      assertSameAnswers(
          qa.run("Who?", CONTEXT, top5.toBuilder().docStride(4).build()),
          qa.run("Who?", CONTEXT, top5));
    }
  }

  /** Sentences of vocabulary words in changing order, so that spans rarely repeat. */
  private static String distinctSentences() {
    String[] words =
        ("the cat sat on mat where did who is in paris london lives ada alan met and of to was"
                + " what city river name my berlin wolfgang live he she at with from by for this"
                + " that")
            .split(" ");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      for (int j = 0; j < 9; j++) {
        String w = words[(i * 7 + j * 5 + i * j) % words.length];
        text.append(j == 0 ? Character.toUpperCase(w.charAt(0)) + w.substring(1) : w);
        text.append(j == 8 ? ". " : " ");
      }
    }
    return text.toString().strip();
  }

  @ParameterizedTest
  @MethodSource("models")
  void theImpossibleAnswerIsRankedAmongTheSpans(String model) {
    try (QaPipeline qa = pipeline(model)) {
      QaOptions options = QaOptions.builder().topK(50).handleImpossibleAnswer(true).build();
      List<Answer> answers = qa.run("Who lived in Paris?", CONTEXT, options);
      assertThat(answers).filteredOn(Answer::isEmpty).hasSize(1);
      Answer none = answers.stream().filter(Answer::isEmpty).findFirst().orElseThrow();
      assertThat(none.score()).isBetween(0.0, 1.0);
      assertThat(none.utf16Start()).isZero();

      // a threshold above any probability pushes it to the end
      List<Answer> margin =
          qa.run(
              "Who lived in Paris?",
              CONTEXT,
              options.toBuilder().nullScoreDiffThreshold(2.0).build());
      assertThat(margin.get(margin.size() - 1).isEmpty()).isTrue();
      // and a negative one to the front
      assertThat(
              qa.run(
                      "Who lived in Paris?",
                      CONTEXT,
                      options.toBuilder().nullScoreDiffThreshold(-2.0).build())
                  .get(0)
                  .isEmpty())
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void aQuestionLongerThanMaxQuestionLenIsCut(String model) {
    String longQuestion = String.join(" ", Collections.nCopies(40, "who"));
    try (QaPipeline qa = pipeline(model)) {
      // 40 question tokens would leave 64 - 3 - 40 = 21 < 32 (the default stride) for context
      List<Answer> answers =
          qa.run(longQuestion, LONG_CONTEXT, QaOptions.builder().maxQuestionLen(8).build());
      assertThat(answers).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("models")
  void callsDoNotLeakNativeArrays(String model) {
    try (QaPipeline qa = pipeline(model)) {
      QaOptions options = QaOptions.builder().topK(3).handleImpossibleAnswer(true).build();
      qa.run(INPUTS, options);
      int before = base.getManagedArrays().size();
      for (int i = 0; i < 10; i++) {
        qa.run(INPUTS, options);
      }
      assertThat(base.getManagedArrays()).hasSize(before);
    }
  }
}
