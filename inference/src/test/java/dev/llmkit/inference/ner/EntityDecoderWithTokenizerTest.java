package dev.llmkit.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The decoder on real tokenizer output (embedded bert-base-uncased and gpt2 vocabularies), with
 * logits that are a function of each token's position in the text, so that the same token gets the
 * same logits in every window.
 */
class EntityDecoderWithTokenizerTest {

  private static final List<String> LABELS = List.of("O", "B-PER", "I-PER");

  private static Tokenizer bert;
  private static Tokenizer gpt2;

  @BeforeAll
  static void load() {
    bert = Tokenizer.embedded("bert-base-uncased");
    gpt2 = Tokenizer.embedded("gpt2");
  }

  @AfterAll
  static void close() {
    bert.close();
    gpt2.close();
  }

  private static final String LONG_TEXT =
      "Yesterday Ada Lovelace met Charles Babbage in London, and later that week Grace Hopper "
          + "wrote to Alan Turing about the engine. Nobody expected Émilie du Châtelet to join "
          + "them, but she came with Mary Somerville and 🙂 brought notes on mechanics. Then "
          + "Katherine Johnson and Dorothy Vaughan checked every figure twice before the "
          + "meeting ended with tea.";

  /**
   * Capitalized words are people: B-PER on the first token of the first capitalized word in a run,
   * I-PER on the rest. Scores vary with the token's offset.
   */
  private static float[][] logitsFor(String text, Encoding enc) {
    float[][] logits = new float[enc.length()][];
    for (int i = 0; i < enc.length(); i++) {
      float[] row = new float[LABELS.size()];
      logits[i] = row;
      if (enc.specialTokensMask()[i]) {
        continue;
      }
      int start = enc.start()[i];
      int wordStart = start;
      while (wordStart > 0 && !Character.isWhitespace(text.charAt(wordStart - 1))) {
        wordStart--;
      }
      boolean capital = Character.isUpperCase(text.codePointAt(wordStart));
      int previousWord = wordStart - 1;
      while (previousWord > 0 && Character.isWhitespace(text.charAt(previousWord))) {
        previousWord--;
      }
      int prevStart = previousWord;
      while (prevStart > 0 && !Character.isWhitespace(text.charAt(prevStart - 1))) {
        prevStart--;
      }
      boolean continues =
          start != wordStart
              || (previousWord > 0
                  && Character.isUpperCase(text.codePointAt(prevStart))
                  && Character.isLetter(text.charAt(previousWord)));
      int label = !capital ? 0 : continues ? 2 : 1;
      row[label] = 2f + (start % 7) / 4f;
    }
    return logits;
  }

  private static List<Entity> decode(
      Tokenizer tokenizer, String text, List<Encoding> windows, NerOptions options) {
    EntityDecoder decoder =
        new EntityDecoder(
            LABELS, SubwordScheme.of(tokenizer.kind()), tokenizer.specialTokens().unk());
    List<TokenLogits> scored = new ArrayList<>();
    for (Encoding w : windows) {
      scored.add(new TokenLogits(w, logitsFor(text, w)));
    }
    return decoder.decode(text, scored, options);
  }

  @Test
  void overlappingWindowsGiveTheEntitiesOfTheWholeText() {
    for (Tokenizer tokenizer : List.of(bert, gpt2)) {
      for (AggregationStrategy s :
          List.of(
              AggregationStrategy.SIMPLE,
              AggregationStrategy.FIRST,
              AggregationStrategy.AVERAGE,
              AggregationStrategy.MAX)) {
        NerOptions options = NerOptions.builder().aggregationStrategy(s).stride(8).build();
        List<Encoding> windows = tokenizer.encodeWindows(LONG_TEXT, 24, 8);
        assertThat(windows).as("windows").hasSizeGreaterThanOrEqualTo(4);
        List<Entity> whole =
            decode(tokenizer, LONG_TEXT, List.of(tokenizer.encode(LONG_TEXT)), options);
        List<Entity> windowed = decode(tokenizer, LONG_TEXT, windows, options);
        assertThat(windowed).as(tokenizer + " " + s).isEqualTo(whole);
        assertThat(whole).as(tokenizer + " " + s).hasSizeGreaterThanOrEqualTo(8);
      }
    }
  }

  @Test
  void groupWordsAreTheTokenizersDecodingAndOffsetsSliceTheText() {
    for (Tokenizer tokenizer : List.of(bert, gpt2)) {
      Encoding enc = tokenizer.encode(LONG_TEXT);
      List<Entity> entities =
          decode(
              tokenizer,
              LONG_TEXT,
              List.of(enc),
              NerOptions.builder().aggregationStrategy(AggregationStrategy.SIMPLE).build());
      for (Entity e : entities) {
        String slice = LONG_TEXT.substring(e.utf16Start(), e.utf16End());
        assertThat(slice.codePointCount(0, slice.length())).isEqualTo(e.end() - e.start());
        assertThat(LONG_TEXT.codePointCount(0, e.utf16Start())).isEqualTo(e.start());
        long[] ids = idsCovering(enc, e);
        assertThat(e.word()).as(slice).isEqualTo(tokenizer.decode(ids, false));
      }
      assertThat(entities)
          .extracting(Entity::word)
          .anyMatch(w -> w.contains("babbage") || w.contains("Babbage"));
    }
  }

  private static long[] idsCovering(Encoding enc, Entity e) {
    return java.util.stream.IntStream.range(0, enc.length())
        .filter(i -> !enc.specialTokensMask()[i])
        .filter(i -> enc.start()[i] >= e.utf16Start() && enc.end()[i] <= e.utf16End())
        .mapToLong(i -> enc.ids()[i])
        .toArray();
  }

  @Test
  void paddingOfARealBatchDoesNotChangeEntities() {
    Encoding plain = bert.encode("Ada Lovelace met Charles Babbage.");
    Encoding padded =
        bert.encodeBatch(List.of("Ada Lovelace met Charles Babbage.", LONG_TEXT)).get(0);
    assertThat(padded.length()).isGreaterThan(plain.length());
    NerOptions first = NerOptions.builder().aggregationStrategy(AggregationStrategy.FIRST).build();
    String text = "Ada Lovelace met Charles Babbage.";
    assertThat(decode(bert, text, List.of(padded), first))
        .isEqualTo(decode(bert, text, List.of(plain), first))
        .extracting(Entity::word)
        // the labeler marks "." as I-PER; WordPiece cleanup glues it on
        .containsExactly("ada lovelace", "charles babbage.");
    assertThat(Arrays.stream(padded.attentionMask()).filter(m -> m == 0).count()).isPositive();
  }
}
