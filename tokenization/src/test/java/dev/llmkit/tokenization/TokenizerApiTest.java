package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata, decoding and errors of the public API. */
class TokenizerApiTest {

  @TempDir Path dir;

  @Test
  void bertReportsItsSpecialTokensKindAndLimits() {
    try (Tokenizer t = Tokenizer.embedded("bert-base-uncased")) {
      SpecialTokens s = t.specialTokens();
      assertThat(s.cls()).hasValue(101);
      assertThat(s.sep()).hasValue(102);
      assertThat(s.pad()).hasValue(0);
      assertThat(s.unk()).hasValue(100);
      assertThat(s.mask()).hasValue(103);
      assertThat(s.bos()).isEmpty();
      assertThat(t.kind()).isEqualTo(Tokenizer.Kind.WORDPIECE);
      assertThat(t.vocabSize()).isEqualTo(30_522);
      assertThat(t.modelMaxLength()).isEqualTo(512);
      assertThat(t.tokenToId("hello")).hasValue(7592);
      assertThat(t.tokenToId("no-such-token")).isEmpty();
      assertThat(t.idToToken(2088)).isEqualTo("world");
    }
  }

  @Test
  void gpt2UsesEndOfTextForBosEosAndUnknownAndHasNoPad() {
    try (Tokenizer t = Tokenizer.embedded("gpt2")) {
      SpecialTokens s = t.specialTokens();
      assertThat(s.bos()).hasValue(50256);
      assertThat(s.eos()).hasValue(50256);
      assertThat(s.unk()).hasValue(50256);
      assertThat(s.pad()).isEqualTo(OptionalLong.empty());
      assertThat(t.kind()).isEqualTo(Tokenizer.Kind.BYTE_LEVEL_BPE);
      assertThat(t.vocabSize()).isEqualTo(50_257);
      assertThat(t.modelMaxLength()).isEqualTo(1024);
      assertThat(t.specialTokenCount(false)).isZero();
    }
  }

  @Test
  void casedBertKeepsCaseAndAccents() {
    try (Tokenizer t = Tokenizer.embedded("bert-base-cased")) {
      assertThat(t.vocabSize()).isEqualTo(28_996);
      assertThat(t.encode("Hello", false).tokens()).containsExactly("Hello");
      assertThat(t.specialTokenCount(true)).isEqualTo(3);
    }
  }

  @Test
  void decodeJoinsPiecesAndSkipsSpecialTokensOnRequest() {
    try (Tokenizer bert = Tokenizer.embedded("bert-base-uncased");
        Tokenizer gpt2 = Tokenizer.embedded("gpt2")) {
      long[] ids = bert.encode("Tokenizers are fun").ids();
      assertThat(bert.decode(ids, true)).isEqualTo("tokenizers are fun");
      assertThat(bert.decode(ids, false)).isEqualTo("[CLS] tokenizers are fun [SEP]");
      String text = "Déjà vu 😀 naïve";
      assertThat(gpt2.decode(gpt2.encode(text).ids(), false)).isEqualTo(text);
    }
  }

  @Test
  void decodingAnUnknownIdIsAnIllegalArgument() {
    try (Tokenizer t = Tokenizer.embedded("gpt2")) {
      assertThatThrownBy(() -> t.decode(new long[] {15496, 50257}, false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("50257");
      assertThatThrownBy(() -> t.decode(new long[] {-1}, false))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> t.idToToken(99_999)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void pairEncodingHasTypeIdsZeroThenOneAndSecondOffsetsIntoTheSecondText() {
    try (Tokenizer t = Tokenizer.embedded("bert-base-uncased")) {
      Encoding e = t.encodePair("Who?", "It is me.");
      assertThat(e.tokens())
          .containsExactly("[CLS]", "who", "?", "[SEP]", "it", "is", "me", ".", "[SEP]");
      assertThat(e.typeIds()).containsExactly(0, 0, 0, 0, 1, 1, 1, 1, 1);
      assertThat(e.sequenceIds()).containsExactly(-1, 0, 0, -1, 1, 1, 1, 1, -1);
      assertThat(e.start()[5]).isEqualTo(3); // "is" in "It is me."
      assertThat(e.end()[5]).isEqualTo(5);
    }
  }

  @Test
  void emojiOffsetsDifferBetweenUtf16AndCodePoints() {
    try (Tokenizer t = Tokenizer.embedded("gpt2")) {
      Encoding e = t.encode("😀 ok", false);
      int last = e.length() - 1; // "Ġok"
      assertThat(e.start()[last]).isEqualTo(2); // after the surrogate pair
      assertThat(e.codePointStart()[last]).isEqualTo(1); // as Python reports it
      assertThat(e.end()[last]).isEqualTo(5);
      assertThat(e.codePointEnd()[last]).isEqualTo(4);
    }
  }

  @Test
  void unknownEmbeddedNameIsAnIllegalArgument() {
    assertThatThrownBy(() -> Tokenizer.embedded("roberta-base"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bert-base-cased");
  }

  @Test
  void aDirectoryWithoutTokenizerFilesIsATokenizerException() {
    assertThatThrownBy(() -> Tokenizer.fromDirectory(dir))
        .isInstanceOf(TokenizerException.class)
        .hasMessageContaining("vocab.txt");
    assertThatThrownBy(() -> Tokenizer.fromDirectory(dir.resolve("missing")))
        .isInstanceOf(TokenizerException.class);
  }

  @Test
  void malformedVocabularyFilesAreTokenizerExceptions() throws IOException {
    Files.writeString(dir.resolve("vocab.json"), "{\"a\": 0, \"b\": 1, \"ab\": 2}");
    Files.writeString(dir.resolve("merges.txt"), "#version: 0.2\na b\nthis line is bad\n");
    assertThatThrownBy(() -> Tokenizer.fromDirectory(dir))
        .isInstanceOf(TokenizerException.class)
        .hasMessageContaining("merges.txt line 3");

    Files.writeString(dir.resolve("tokenizer.json"), "{not json");
    assertThatThrownBy(() -> Tokenizer.fromDirectory(dir)).isInstanceOf(TokenizerException.class);

    Files.delete(dir.resolve("tokenizer.json"));
    Files.writeString(dir.resolve("vocab.txt"), "[CLS]\n[SEP]\nhello\n"); // no [UNK]
    assertThatThrownBy(() -> Tokenizer.fromDirectory(dir))
        .isInstanceOf(TokenizerException.class)
        .hasMessageContaining("[UNK]");
  }

  @Test
  void aTinyHandWrittenVocabularyTokenizesAsWordPieceDoes() throws IOException {
    Files.writeString(
        dir.resolve("vocab.txt"), "[PAD]\n[UNK]\n[CLS]\n[SEP]\nun\n##believ\n##able\n!\n");
    try (Tokenizer t = Tokenizer.fromDirectory(dir)) {
      Encoding e = t.encode("Unbelievable! zzz");
      // Lower-cased by default; greedy longest-match-first pieces; unknown word -> [UNK].
      assertThat(e.tokens())
          .containsExactly("[CLS]", "un", "##believ", "##able", "!", "[UNK]", "[SEP]");
      assertThat(e.ids()).containsExactly(2, 4, 5, 6, 7, 1, 3);
      assertThat(e.wordIds()).containsExactly(-1, 0, 0, 0, 1, 2, -1);
    }
  }

  @Test
  void nullTextIsAnIllegalArgument() {
    try (Tokenizer t = Tokenizer.embedded("gpt2")) {
      assertThatThrownBy(() -> t.encode(null)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClosedTokenizerRefusesWork() {
    Tokenizer t = Tokenizer.embedded("gpt2");
    t.close();
    assertThatThrownBy(() -> t.encode("x")).isInstanceOf(IllegalStateException.class);
  }
}
