package dev.llmkit.inference.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.inference.testing.HandEncoding;
import dev.llmkit.tokenization.Encoding;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed span decoding. Logits of candidate tokens are {@code ln(p)} with the p of the
 * classifier and context tokens summing to 1, so after masking the softmax returns p and every span
 * score is a product of two of them. Question and separator tokens get logit 50: if they were not
 * masked they would win every span.
 */
class AnswerDecoderTest {

  private static final double EPS = 1e-6;
  private static final float HIGH = 50f;
  private final AnswerDecoder decoder = new AnswerDecoder(OptionalLong.of(101));

  static float ln(double p) {
    return (float) Math.log(p);
  }

  /** [CLS] where ? [SEP] the cat sat on the mat . [SEP] */
  static final String CONTEXT = "The cat sat on the mat.";

  static Encoding catEncoding() {
    return HandEncoding.pair("Where?", CONTEXT)
        .special("[CLS]", 101)
        .token("where", 1, 0, 5, 0, 0)
        .token("?", 2, 5, 6, 1, 0)
        .special("[SEP]", 102)
        .token("the", 3, 0, 3, 0, 1)
        .token("cat", 4, 4, 7, 1, 1)
        .token("sat", 5, 8, 11, 2, 1)
        .token("on", 6, 12, 14, 3, 1)
        .token("the", 3, 15, 18, 4, 1)
        .token("mat", 7, 19, 22, 5, 1)
        .token(".", 8, 22, 23, 6, 1)
        .special("[SEP]", 102, 1)
        .build();
  }

  //                                   CLS  where ?  SEP  the   cat   sat   on    the  mat   .   SEP
  static final double[] START_P = {.1, 0, 0, 0, .02, .08, .04, .06, .5, .15, .05, 0};
  static final double[] END_P = {.1, 0, 0, 0, .01, .12, .03, .04, .07, .6, .03, 0};

  /** ln(p) for candidates, a high logit elsewhere. */
  static float[] logits(double[] p) {
    float[] out = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      out[i] = p[i] == 0 ? HIGH : ln(p[i]);
    }
    return out;
  }

  static QaWindow catWindow() {
    return new QaWindow(catEncoding(), logits(START_P), logits(END_P));
  }

  private static void assertAnswer(Answer a, double score, String text, int start, int end) {
    assertThat(a.answer()).isEqualTo(text);
    assertThat(a.score()).isCloseTo(score, within(EPS));
    assertThat(a.start()).isEqualTo(start);
    assertThat(a.end()).isEqualTo(end);
  }

  @Test
  void bestSpanIsTheLargestProductOfStartAndEndProbabilities() {
    List<Answer> out = decoder.decode(CONTEXT, List.of(catWindow()), QaOptions.defaults());
    assertThat(out).hasSize(1);
    assertAnswer(out.get(0), 0.5 * 0.6, "the mat", 15, 22);
  }

  @Test
  void topKListsSpansByScoreAndNeverUsesQuestionOrSpecialTokens() {
    List<Answer> out =
        decoder.decode(CONTEXT, List.of(catWindow()), QaOptions.builder().topK(3).build());
    assertThat(out).hasSize(3);
    assertAnswer(out.get(0), 0.30, "the mat", 15, 22);
    assertAnswer(out.get(1), 0.15 * 0.6, "mat", 19, 22);
    assertAnswer(out.get(2), 0.08 * 0.6, "cat sat on the mat", 4, 22);
  }

  @Test
  void maxAnswerLenBoundsTheSpanInTokens() {
    QaOptions two = QaOptions.builder().topK(3).maxAnswerLen(2).build();
    List<Answer> out = decoder.decode(CONTEXT, List.of(catWindow()), two);
    assertThat(out).extracting(Answer::answer).containsExactly("the mat", "mat", "the");
    assertThat(out.get(2).score()).isCloseTo(0.5 * 0.07, within(EPS));

    QaOptions one = QaOptions.builder().maxAnswerLen(1).build();
    assertAnswer(decoder.decode(CONTEXT, List.of(catWindow()), one).get(0), 0.09, "mat", 19, 22);
  }

  @Test
  void alignToWordsWidensTheSpanToWholeWords() {
    String context = "Paris is lovely";
    Encoding enc =
        HandEncoding.pair("q", context)
            .special("[CLS]", 101)
            .token("q", 1, 0, 1, 0, 0)
            .special("[SEP]", 102)
            .token("pa", 2, 0, 2, 0, 1)
            .token("##ris", 3, 2, 5, 0, 1)
            .token("is", 4, 6, 8, 1, 1)
            .token("love", 5, 9, 13, 2, 1)
            .token("##ly", 6, 13, 15, 2, 1)
            .special("[SEP]", 102, 1)
            .build();
    //                 CLS  q   SEP  pa  ##ris is  love ##ly SEP
    double[] start = {.1, 0, 0, .1, .6, .1, .05, .05, 0};
    double[] end = {.1, 0, 0, .05, .05, .1, .6, .1, 0};
    QaWindow w = new QaWindow(enc, logits(start), logits(end));

    Answer aligned = decoder.decode(context, List.of(w), QaOptions.defaults()).get(0);
    assertAnswer(aligned, 0.36, "Paris is lovely", 0, 15);

    Answer raw =
        decoder.decode(context, List.of(w), QaOptions.builder().alignToWords(false).build()).get(0);
    assertAnswer(raw, 0.36, "ris is love", 2, 13);
  }

  @Test
  void alignedSpansWithTheSameTextAddTheirScores() {
    // With align_to_words, "##ris" alone and "pa ##ris" both become "Paris": one answer.
    String context = "Paris";
    Encoding enc =
        HandEncoding.pair("q", context)
            .special("[CLS]", 101)
            .token("q", 1, 0, 1, 0, 0)
            .special("[SEP]", 102)
            .token("pa", 2, 0, 2, 0, 1)
            .token("##ris", 3, 2, 5, 0, 1)
            .special("[SEP]", 102, 1)
            .build();
    double[] start = {.2, 0, 0, .3, .5, 0};
    double[] end = {.2, 0, 0, .4, .4, 0};
    QaWindow w = new QaWindow(enc, logits(start), logits(end));
    List<Answer> out = decoder.decode(context, List.of(w), QaOptions.builder().topK(3).build());
    // spans: (pa,pa) .12, (pa,##ris) .12, (##ris,##ris) .20 -> all "Paris"
    assertThat(out).hasSize(1);
    assertAnswer(out.get(0), 0.12 + 0.12 + 0.20, "Paris", 0, 5);
  }

  // "a b c d e f", windows [a b c d] and [c d e f] (doc_stride 2)
  private static final String LETTERS = "a b c d e f";

  private static Encoding letterWindow(int first, int padding) {
    HandEncoding e =
        HandEncoding.pair("q", LETTERS)
            .special("[CLS]", 101)
            .token("q", 1, 0, 1, 0, 0)
            .special("[SEP]", 102);
    for (int w = first; w < first + 4; w++) {
      e.token(String.valueOf((char) ('a' + w)), 10 + w, 2 * w, 2 * w + 1, w, 1);
    }
    return e.special("[SEP]", 102, 1).padding(padding, 0).build();
  }

  private static QaWindow letters(int first, double[] start, double[] end, int padding) {
    double[] s = Arrays.copyOf(start, start.length + padding);
    double[] e = Arrays.copyOf(end, end.length + padding);
    return new QaWindow(letterWindow(first, padding), logits(s), logits(e));
  }

  //                                  CLS q  SEP  a    b    c   d   SEP
  private static final double[] W1_START = {.1, 0, 0, .05, .15, .6, .1, 0};
  private static final double[] W1_END = {.1, 0, 0, .05, .05, .6, .2, 0};
  //                                  CLS q  SEP  c    d    e    f   SEP
  private static final double[] W2_START = {.1, 0, 0, .3, .05, .5, .05, 0};
  private static final double[] W2_END = {.1, 0, 0, .45, .05, .35, .05, 0};

  @Test
  void theSameAnswerFromSeveralWindowsIsMergedAndRankedAcrossWindows() {
    // W1 top 2: "c" .36, "c d" .12; W2 top 2: "e" .175, "c" .135 -> "c" .495
    List<Answer> out =
        decoder.decode(
            LETTERS,
            List.of(letters(0, W1_START, W1_END, 0), letters(2, W2_START, W2_END, 0)),
            QaOptions.builder().topK(2).build());
    assertThat(out).hasSize(2);
    assertAnswer(out.get(0), 0.36 + 0.135, "c", 4, 5);
    assertAnswer(out.get(1), 0.175, "e", 8, 9);
  }

  @Test
  void paddedWindowsGiveTheSameAnswers() {
    QaOptions three = QaOptions.builder().topK(3).build();
    List<Answer> plain =
        decoder.decode(
            LETTERS,
            List.of(letters(0, W1_START, W1_END, 0), letters(2, W2_START, W2_END, 0)),
            three);
    // Padding positions get a huge logit: only the attention mask keeps them out.
    List<Answer> padded =
        decoder.decode(
            LETTERS,
            List.of(letters(0, W1_START, W1_END, 3), letters(2, W2_START, W2_END, 3)),
            three);
    assertThat(padded).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(padded.get(i).answer()).isEqualTo(plain.get(i).answer());
      assertThat(padded.get(i).score()).isCloseTo(plain.get(i).score(), within(1e-12));
    }
  }

  @Test
  void impossibleAnswerCompetesWithTheLowestNullScoreOfAllWindows() {
    //                              CLS q  SEP  a    b    c    d   SEP
    double[] start1 = {.6, 0, 0, .3, .04, .03, .03, 0};
    double[] end1 = {.5, 0, 0, .2, .28, .01, .01, 0};
    QaWindow w1 = letters(0, start1, end1, 0);
    // Together with W2 (null .1 * .1 = .01) the null score is min(.30, .01) = .01.
    QaWindow w2 = letters(2, W2_START, W2_END, 0);

    QaOptions impossible = QaOptions.builder().handleImpossibleAnswer(true).build();
    Answer alone = decoder.decode(LETTERS, List.of(w1), impossible).get(0);
    // best span "a b" = .3 * .28 = .084 < null .6 * .5 = .30
    assertThat(alone.isEmpty()).isTrue();
    assertThat(alone.score()).isCloseTo(0.30, within(EPS));
    assertThat(alone.answer()).isEmpty();

    Answer both = decoder.decode(LETTERS, List.of(w1, w2), impossible).get(0);
    assertAnswer(both, 0.175, "e", 8, 9);

    Answer without = decoder.decode(LETTERS, List.of(w1), QaOptions.defaults()).get(0);
    assertAnswer(without, 0.084, "a b", 0, 3);
  }

  @Test
  void nullScoreDiffThresholdDemandsAMarginBeforeAnsweringNothing() {
    double[] start = {.6, 0, 0, .3, .04, .03, .03, 0};
    double[] end = {.5, 0, 0, .2, .28, .01, .01, 0};
    QaWindow w = letters(0, start, end, 0);
    QaOptions margin =
        QaOptions.builder()
            .handleImpossibleAnswer(true)
            .nullScoreDiffThreshold(0.25)
            .topK(3)
            .build();
    List<Answer> out = decoder.decode(LETTERS, List.of(w), margin);
    // null ranks as .30 - .25 = .05: after "a b" (.084) and "a" (.06), with its own score
    assertAnswer(out.get(0), 0.084, "a b", 0, 3);
    assertAnswer(out.get(1), 0.06, "a", 0, 1);
    assertThat(out.get(2).isEmpty()).isTrue();
    assertThat(out.get(2).score()).isCloseTo(0.30, within(EPS));
  }

  @Test
  void answersCarryCodePointAndUtf16Offsets() {
    String context = "🙂 Zoë lives in Köln";
    Encoding enc =
        HandEncoding.pair("who", context)
            .special("[CLS]", 101)
            .token("who", 1, 0, 3, 0, 0)
            .special("[SEP]", 102)
            .token("[UNK]", 100, 0, 2, 0, 1)
            .token("zoe", 2, 3, 6, 1, 1)
            .token("lives", 3, 7, 12, 2, 1)
            .token("in", 4, 13, 15, 3, 1)
            .token("koln", 5, 16, 20, 4, 1)
            .special("[SEP]", 102, 1)
            .build();
    double[] start = {.1, 0, 0, .05, .6, .1, .1, .05, 0};
    double[] end = {.1, 0, 0, .05, .7, .05, .05, .05, 0};
    Answer a =
        decoder
            .decode(
                context,
                List.of(new QaWindow(enc, logits(start), logits(end))),
                QaOptions.defaults())
            .get(0);
    assertAnswer(a, 0.42, "Zoë", 2, 5);
    assertThat(a.utf16Start()).isEqualTo(3);
    assertThat(a.utf16End()).isEqualTo(6);
    assertThat(context.codePoints().skip(a.start()).limit(a.end() - a.start()).toArray())
        .isEqualTo("Zoë".codePoints().toArray());
  }

  @Test
  void optionsAreValidatedLikeHuggingFace() {
    assertThatThrownBy(() -> QaOptions.builder().topK(0).build())
        .hasMessageContaining("top_k parameter should be >= 1 (got 0)");
    assertThatThrownBy(() -> QaOptions.builder().maxAnswerLen(0).build())
        .hasMessageContaining("max_answer_len");
    assertThatThrownBy(() -> QaOptions.builder().maxSeqLen(100).docStride(200).build())
        .hasMessageContaining("`doc_stride` (200) is larger than `max_seq_len` (100)");
    QaOptions d = QaOptions.defaults();
    assertThat(d.effectiveMaxSeqLen(512)).isEqualTo(384);
    assertThat(d.effectiveMaxSeqLen(64)).isEqualTo(64);
    assertThat(d.effectiveDocStride(384)).isEqualTo(128);
    assertThat(d.effectiveDocStride(64)).isEqualTo(32);
  }
}
