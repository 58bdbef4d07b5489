package dev.llmkit.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.inference.testing.HandEncoding;
import dev.llmkit.tokenization.Encoding;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed cases for every aggregation strategy. Logits are written as {@code ln(p)}, so the
 * softmax gives back the probabilities {@code p} and every expected score is plain arithmetic.
 */
class EntityDecoderTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
  private static final double EPS = 1e-6;

  /** Logits whose softmax is {@code p} (p sums to 1). */
  static float[] probs(double... p) {
    float[] logits = new float[p.length];
    for (int i = 0; i < p.length; i++) {
      logits[i] = (float) Math.log(p[i]);
    }
    return logits;
  }

  static final float[] SPECIAL = probs(0.2, 0.2, 0.2, 0.2, 0.2);
  static final float[] O = probs(0.9, 0.025, 0.025, 0.025, 0.025);

  private static EntityDecoder wordPiece() {
    return new EntityDecoder(LABELS, SubwordScheme.WordPiece.bert(), OptionalLong.of(100));
  }

  private static NerOptions strategy(AggregationStrategy s) {
    return NerOptions.builder().aggregationStrategy(s).build();
  }

  /**
   * "Hugging Face in Paris": Hu/##gging disagree (B-PER .5 vs B-LOC .7), Face is I-PER .6, in is O,
   * Paris is B-LOC .8.
   */
  static final String TEXT = "Hugging Face in Paris";

  static final Encoding ENC =
      HandEncoding.of(TEXT)
          .special("[CLS]", 101)
          .token("Hu", 1, 0, 2, 0)
          .token("##gging", 2, 2, 7, 0)
          .token("Face", 3, 8, 12, 1)
          .token("in", 4, 13, 15, 2)
          .token("Paris", 5, 16, 21, 3)
          .special("[SEP]", 102)
          .build();

  static final float[][] LOGITS = {
    SPECIAL,
    probs(0.1, 0.5, 0.1, 0.2, 0.1),
    probs(0.1, 0.05, 0.05, 0.7, 0.1),
    probs(0.1, 0.1, 0.6, 0.1, 0.1),
    O,
    probs(0.05, 0.05, 0.05, 0.8, 0.05),
  };

  static final float[][] LOGITS_WITH_SEP = append(LOGITS, SPECIAL);

  static float[][] append(float[][] rows, float[] row) {
    float[][] out = java.util.Arrays.copyOf(rows, rows.length + 1);
    out[rows.length] = row;
    return out;
  }

  private static List<Entity> decode(AggregationStrategy s) {
    return wordPiece().decode(TEXT, List.of(new TokenLogits(ENC, LOGITS_WITH_SEP)), strategy(s));
  }

  private static void assertEntity(
      Entity e, String label, double score, String word, int start, int end) {
    assertThat(e.entity()).isEqualTo(label);
    assertThat(e.score()).isCloseTo(score, within(EPS));
    assertThat(e.word()).isEqualTo(word);
    assertThat(e.start()).isEqualTo(start);
    assertThat(e.end()).isEqualTo(end);
  }

  @Nested
  class Strategies {

    @Test
    void noneReturnsEveryNonIgnoredTokenWithItsIndex() {
      List<Entity> out = decode(AggregationStrategy.NONE);
      assertThat(out).hasSize(4);
      assertEntity(out.get(0), "B-PER", 0.5, "Hu", 0, 2);
      assertEntity(out.get(1), "B-LOC", 0.7, "##gging", 2, 7);
      assertEntity(out.get(2), "I-PER", 0.6, "Face", 8, 12);
      assertEntity(out.get(3), "B-LOC", 0.8, "Paris", 16, 21);
      assertThat(out)
          .extracting(Entity::index)
          .containsExactly(
              OptionalInt.of(1), OptionalInt.of(2), OptionalInt.of(3), OptionalInt.of(5));
      assertThat(out).noneMatch(Entity::isGroup);
    }

    @Test
    void simpleGroupsTokensAndLetsSubwordsDisagree() {
      List<Entity> out = decode(AggregationStrategy.SIMPLE);
      // Hu (B-PER) | ##gging (B-LOC) | Face (I-PER: a new PER group after LOC) | Paris (B-LOC)
      assertThat(out).hasSize(4);
      assertEntity(out.get(0), "PER", 0.5, "Hu", 0, 2);
      assertEntity(out.get(1), "LOC", 0.7, "##gging", 2, 7);
      assertEntity(out.get(2), "PER", 0.6, "Face", 8, 12);
      assertEntity(out.get(3), "LOC", 0.8, "Paris", 16, 21);
      assertThat(out).allMatch(Entity::isGroup);
    }

    @Test
    void firstLabelsAWordWithItsFirstToken() {
      List<Entity> out = decode(AggregationStrategy.FIRST);
      // Hugging -> B-PER .5, Face -> I-PER .6: one PER group, mean score .55
      assertThat(out).hasSize(2);
      assertEntity(out.get(0), "PER", 0.55, "Hugging Face", 0, 12);
      assertEntity(out.get(1), "LOC", 0.8, "Paris", 16, 21);
    }

    @Test
    void maxLabelsAWordWithItsMostConfidentToken() {
      List<Entity> out = decode(AggregationStrategy.MAX);
      // Hugging -> ##gging's B-LOC .7; Face -> I-PER .6 switches type
      assertThat(out).hasSize(3);
      assertEntity(out.get(0), "LOC", 0.7, "Hugging", 0, 7);
      assertEntity(out.get(1), "PER", 0.6, "Face", 8, 12);
      assertEntity(out.get(2), "LOC", 0.8, "Paris", 16, 21);
    }

    @Test
    void averageLabelsAWordWithTheMeanOfItsTokenScores() {
      List<Entity> out = decode(AggregationStrategy.AVERAGE);
      // mean(Hu, ##gging) = [.1, .275, .075, .45, .1] -> B-LOC .45
      assertThat(out).hasSize(3);
      assertEntity(out.get(0), "LOC", 0.45, "Hugging", 0, 7);
      assertEntity(out.get(1), "PER", 0.6, "Face", 8, 12);
      assertEntity(out.get(2), "LOC", 0.8, "Paris", 16, 21);
    }
  }

  @Nested
  class Grouping {

    private final String text = "Ann Lee Rome Oslo";
    private final Encoding enc =
        HandEncoding.of(text)
            .special("[CLS]", 101)
            .token("Ann", 1, 0, 3, 0)
            .token("Lee", 2, 4, 7, 1)
            .token("Rome", 3, 8, 12, 2)
            .token("Oslo", 4, 13, 17, 3)
            .special("[SEP]", 102)
            .build();

    @Test
    void consecutiveBeginTagsStartSeparateEntities() {
      float[][] logits = {
        SPECIAL,
        probs(0.1, 0.6, 0.1, 0.1, 0.1), // B-PER
        probs(0.05, 0.05, 0.8, 0.05, 0.05), // I-PER joins
        probs(0.1, 0.1, 0.1, 0.6, 0.1), // B-LOC
        probs(0.1, 0.1, 0.1, 0.5, 0.2), // B-LOC again: a new entity
        SPECIAL
      };
      List<Entity> out =
          wordPiece()
              .decode(
                  text,
                  List.of(new TokenLogits(enc, logits)),
                  strategy(AggregationStrategy.SIMPLE));
      assertThat(out).hasSize(3);
      assertEntity(out.get(0), "PER", 0.7, "Ann Lee", 0, 7);
      assertEntity(out.get(1), "LOC", 0.6, "Rome", 8, 12);
      assertEntity(out.get(2), "LOC", 0.5, "Oslo", 13, 17);
    }

    @Test
    void labelsWithoutPrefixGroupWhenEqual() {
      EntityDecoder plain =
          new EntityDecoder(
              List.of("O", "PER", "LOC"), SubwordScheme.WordPiece.bert(), OptionalLong.empty());
      float[] special = probs(0.4, 0.3, 0.3);
      float[][] logits = {
        special,
        probs(0.2, 0.7, 0.1),
        probs(0.2, 0.5, 0.3),
        probs(0.1, 0.1, 0.8),
        probs(0.8, 0.1, 0.1),
        special
      };
      List<Entity> out =
          plain.decode(
              text, List.of(new TokenLogits(enc, logits)), strategy(AggregationStrategy.SIMPLE));
      assertThat(out).hasSize(2);
      assertEntity(out.get(0), "PER", 0.6, "Ann Lee", 0, 7);
      assertEntity(out.get(1), "LOC", 0.8, "Rome", 8, 12);
    }

    @Test
    void ignoreLabelsFilterTokensOrGroupsByTheirReportedLabel() {
      NerOptions noLocTokens = NerOptions.builder().ignoreLabels(List.of("O", "B-LOC")).build();
      List<Entity> tokens =
          wordPiece().decode(TEXT, List.of(new TokenLogits(ENC, LOGITS_WITH_SEP)), noLocTokens);
      assertThat(tokens).extracting(Entity::entity).containsExactly("B-PER", "I-PER");

      NerOptions noLocGroups =
          NerOptions.builder()
              .aggregationStrategy(AggregationStrategy.FIRST)
              .ignoreLabels(List.of("O", "LOC"))
              .build();
      List<Entity> groups =
          wordPiece().decode(TEXT, List.of(new TokenLogits(ENC, LOGITS_WITH_SEP)), noLocGroups);
      assertThat(groups).extracting(Entity::entity).containsExactly("PER");

      NerOptions keepAll = NerOptions.builder().ignoreLabels(List.of()).build();
      assertThat(wordPiece().decode(TEXT, List.of(new TokenLogits(ENC, LOGITS_WITH_SEP)), keepAll))
          .hasSize(5);
    }
  }

  @Nested
  class WordsAndOffsets {

    @Test
    void unknownTokenIsItsOwnWordSpelledAsTheTextAndOffsetsCountCodePoints() {
      // "😀" is one code point but two UTF-16 units: offsets after it differ by one.
      String text = "Hi 😀 Zoë Paris";
      Encoding enc =
          HandEncoding.of(text)
              .special("[CLS]", 101)
              .token("Hi", 1, 0, 2, 0)
              .token("[UNK]", 100, 3, 5, 1)
              .token("zoe", 2, 6, 9, 2)
              .token("paris", 3, 10, 15, 3)
              .special("[SEP]", 102)
              .build();
      float[][] logits = {
        SPECIAL,
        O,
        probs(0.1, 0.6, 0.1, 0.1, 0.1),
        probs(0.1, 0.1, 0.7, 0.05, 0.05),
        probs(0.1, 0.1, 0.1, 0.6, 0.1),
        SPECIAL
      };
      List<Entity> out =
          wordPiece()
              .decode(
                  text, List.of(new TokenLogits(enc, logits)), strategy(AggregationStrategy.FIRST));
      assertThat(out).hasSize(2);
      assertEntity(out.get(0), "PER", 0.65, "😀 zoe", 3, 8);
      assertThat(out.get(0).utf16Start()).isEqualTo(3);
      assertThat(out.get(0).utf16End()).isEqualTo(9);
      assertThat(text.substring(out.get(0).utf16Start(), out.get(0).utf16End()))
          .isEqualTo("😀 Zoë");
      assertEntity(out.get(1), "LOC", 0.6, "paris", 9, 14);
      assertThat(text.substring(out.get(1).utf16Start(), out.get(1).utf16End())).isEqualTo("Paris");
    }

    @Test
    void byteLevelTokensUseTheSpaceHeuristicForSubwords() {
      // RoBERTa-style: offsets exclude the leading space; "ging" touches no space.
      String text = "Hugging Face, café";
      Encoding enc =
          HandEncoding.of(text)
              .special("<s>", 0)
              .token("Hug", 1, 0, 3, 0)
              .token("ging", 2, 3, 7, 0)
              .token("ĠFace", 3, 8, 12, 1)
              .token(",", 4, 12, 13, 2)
              .token("Ġcaf", 5, 14, 17, 3)
              .token("Ã©", 6, 17, 18, 3)
              .special("</s>", 2)
              .build();
      float[] special = probs(0.2, 0.2, 0.2, 0.2, 0.2);
      float[][] logits = {
        special,
        probs(0.1, 0.6, 0.1, 0.1, 0.1),
        probs(0.1, 0.1, 0.1, 0.6, 0.1), // ignored by FIRST: a subword of "Hugging"
        probs(0.05, 0.05, 0.8, 0.05, 0.05),
        O,
        probs(0.1, 0.1, 0.1, 0.5, 0.2),
        probs(0.1, 0.1, 0.1, 0.1, 0.6),
        special
      };
      EntityDecoder roberta =
          new EntityDecoder(LABELS, new SubwordScheme.ByteLevel(), OptionalLong.empty());
      List<Entity> out =
          roberta.decode(
              text, List.of(new TokenLogits(enc, logits)), strategy(AggregationStrategy.FIRST));
      assertThat(out).hasSize(2);
      // HF's heuristic also glues the comma to "Face": no space touches it.
      assertEntity(out.get(0), "PER", 0.7, "Hugging Face,", 0, 13);
      assertEntity(out.get(1), "LOC", 0.5, " café", 14, 18);
    }

    @Test
    void paddingTokensAreSkipped() {
      Encoding padded =
          HandEncoding.of(TEXT)
              .special("[CLS]", 101)
              .token("Hu", 1, 0, 2, 0)
              .token("##gging", 2, 2, 7, 0)
              .token("Face", 3, 8, 12, 1)
              .token("in", 4, 13, 15, 2)
              .token("Paris", 5, 16, 21, 3)
              .special("[SEP]", 102)
              .padding(2, 0)
              .build();
      float[][] logits = append(append(LOGITS_WITH_SEP, LOGITS[1]), LOGITS[1]);
      for (AggregationStrategy s : AggregationStrategy.values()) {
        assertThat(wordPiece().decode(TEXT, List.of(new TokenLogits(padded, logits)), strategy(s)))
            .as(s.name())
            .isEqualTo(decode(s));
      }
    }
  }

  @Nested
  class Windows {

    // "a b c d e f" split into [a b c d] and [c d e f] (stride 2)
    private final String text = "a b c d e f";

    private Encoding window(int first) {
      HandEncoding e = HandEncoding.of(text).special("[CLS]", 101);
      for (int w = first; w < first + 4; w++) {
        e.token(String.valueOf((char) ('a' + w)), 10 + w, 2 * w, 2 * w + 1, w);
      }
      return e.special("[SEP]", 102).build();
    }

    @Test
    void overlappingWindowsKeepTheLongerThenTheMoreConfidentEntity() {
      float[][] first = {
        SPECIAL,
        probs(0.1, 0.1, 0.1, 0.6, 0.1), // a B-LOC .6
        O,
        probs(0.1, 0.5, 0.1, 0.2, 0.1), // c B-PER .5
        probs(0.1, 0.7, 0.1, 0.05, 0.05), // d B-PER .7, cut by the window end
        SPECIAL
      };
      float[][] second = {
        SPECIAL,
        probs(0.05, 0.8, 0.05, 0.05, 0.05), // c B-PER .8 (same span, more confident)
        probs(0.1, 0.6, 0.1, 0.1, 0.1), // d B-PER .6
        probs(0.025, 0.025, 0.9, 0.025, 0.025), // e I-PER .9 -> "d e" .75, longer
        O,
        SPECIAL
      };
      List<Entity> out =
          wordPiece()
              .decode(
                  text,
                  List.of(new TokenLogits(window(0), first), new TokenLogits(window(2), second)),
                  NerOptions.builder()
                      .aggregationStrategy(AggregationStrategy.SIMPLE)
                      .stride(2)
                      .build());
      assertThat(out).hasSize(3);
      assertEntity(out.get(0), "LOC", 0.6, "a", 0, 1);
      assertEntity(out.get(1), "PER", 0.8, "c", 4, 5);
      assertEntity(out.get(2), "PER", 0.75, "d e", 6, 9);
    }
  }

  @Nested
  class Validation {

    @Test
    void strideWithoutAggregationIsRejected() {
      assertThatThrownBy(() -> NerOptions.builder().stride(16).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("aggregation_strategy");
    }

    @Test
    void unknownStrategyNamesTheAcceptedOnes() {
      assertThatThrownBy(() -> AggregationStrategy.parse("longest"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("none, simple, first, average, max");
      assertThat(AggregationStrategy.parse(" Average ")).isEqualTo(AggregationStrategy.AVERAGE);
    }

    @Test
    void logitsMustMatchTheEncodingAndTheLabels() {
      assertThatThrownBy(() -> new TokenLogits(ENC, LOGITS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("6 rows")
          .hasMessageContaining("7");
      float[][] narrow = new float[7][3];
      assertThatThrownBy(
              () ->
                  wordPiece()
                      .decode(TEXT, List.of(new TokenLogits(ENC, narrow)), NerOptions.defaults()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("3 logits")
          .hasMessageContaining("5 labels");
    }
  }
}
