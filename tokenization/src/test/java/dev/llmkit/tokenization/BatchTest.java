package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batch encoding equals single encoding plus padding; truncation equals the first window. */
class BatchTest {

  private static final List<String> TEXTS =
      List.of("Short.", "A somewhat longer sentence with more tokens in it.", "Médium ✓ 😀");

  private static Tokenizer bert;
  private static Tokenizer gpt2;

  @BeforeAll
  static void load() {
    bert = Tokenizer.embedded("bert-base-cased");
    gpt2 = Tokenizer.embedded("gpt2");
  }

  @AfterAll
  static void close() {
    bert.close();
    gpt2.close();
  }

  @Test
  void batchPadsToTheLongestAndKeepsEachSequenceAsEncodedAlone() {
    List<Encoding> batch = bert.encodeBatch(TEXTS);
    int longest = TEXTS.stream().mapToInt(t -> bert.encode(t).length()).max().orElseThrow();
    for (int b = 0; b < TEXTS.size(); b++) {
      Encoding single = bert.encode(TEXTS.get(b));
      Encoding padded = batch.get(b);
      int n = single.length();
      assertThat(padded.length()).isEqualTo(longest);
      assertThat(Arrays.copyOf(padded.ids(), n)).containsExactly(single.ids());
      assertThat(Arrays.copyOf(padded.start(), n)).containsExactly(single.start());
      assertThat(padded.realLength()).isEqualTo(n);
      for (int i = n; i < longest; i++) {
        assertThat(padded.ids()[i]).isZero(); // [PAD] is 0 in BERT vocabularies
        assertThat(padded.tokens()[i]).isEqualTo("[PAD]");
        assertThat(padded.attentionMask()[i]).isZero();
        assertThat(padded.specialTokensMask()[i]).isTrue();
        assertThat(padded.wordIds()[i]).isEqualTo(-1);
      }
    }
  }

  @Test
  void maxLengthPaddingRoundsUpToTheMultiple() {
    BatchOptions options =
        BatchOptions.builder()
            .padding(BatchOptions.Padding.MAX_LENGTH)
            .maxLength(30)
            .padToMultipleOf(8)
            .build();
    assertThat(bert.encodeBatch(TEXTS, options))
        .allSatisfy(e -> assertThat(e.length()).isEqualTo(32));
  }

  @Test
  void truncationCutsToMaxLengthKeepingSpecialTokens() {
    BatchOptions options = BatchOptions.builder().maxLength(6).truncation(true).build();
    List<Encoding> batch = bert.encodeBatch(TEXTS, options);
    assertThat(batch).allSatisfy(e -> assertThat(e.length()).isEqualTo(6));
    Encoding cut = batch.get(1);
    assertThat(cut.tokens()[0]).isEqualTo("[CLS]");
    assertThat(cut.tokens()[5]).isEqualTo("[SEP]");
    assertThat(cut).isEqualTo(bert.encodeWindows(TEXTS.get(1), 6, 0).get(0));
  }

  @Test
  void leftPaddingPutsPadsFirstForBatchedGeneration() {
    BatchOptions options =
        BatchOptions.builder().padTokenId(50256).paddingSide(BatchOptions.PaddingSide.LEFT).build();
    List<Encoding> batch = gpt2.encodeBatch(List.of("Hi", "Hello there, world"), options);
    Encoding shorter = batch.get(0);
    assertThat(shorter.length()).isEqualTo(batch.get(1).length());
    assertThat(shorter.attentionMask()[0]).isZero();
    assertThat(shorter.ids()[0]).isEqualTo(50256);
    assertThat(shorter.ids()[shorter.length() - 1]).isEqualTo(gpt2.encode("Hi").ids()[0]);
  }

  @Test
  void paddingWithoutAPadTokenIsAClearError() {
    assertThatThrownBy(() -> gpt2.encodeBatch(List.of("a", "a b c")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("padTokenId");
  }

  @Test
  void pairBatchTruncatesOnlyTheSecondText() {
    BatchOptions options = BatchOptions.builder().maxLength(12).truncation(true).build();
    List<Encoding> batch =
        bert.encodePairBatch(
            List.of("Who?", "What is it?"),
            List.of("A long context that certainly will not fit in twelve tokens.", "Short."),
            options);
    assertThat(batch).allSatisfy(e -> assertThat(e.length()).isEqualTo(12));
    assertThat(batch.get(0).tokens()).startsWith("[CLS]", "Who", "?", "[SEP]");
    assertThat(batch.get(1))
        .isEqualTo(Encodings.pad(bert.encodePair("What is it?", "Short."), 12, 0, "[PAD]", false));
  }

  @Test
  void inconsistentOptionsAreRejected() {
    assertThatThrownBy(() -> BatchOptions.builder().truncation(true).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> BatchOptions.builder().padding(BatchOptions.Padding.MAX_LENGTH).build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
