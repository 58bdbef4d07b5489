package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Text that breaks naive code never throws, and every span slices the original string to the
 * token's text: emoji (surrogate pairs, ZWJ sequences, flags), combining marks, CJK, right-to-left
 * scripts, NUL and control characters, lone surrogates, and 100 KB of text.
 */
class UnicodeTortureTest {

  private static final List<String> TEXTS =
      List.of(
          "",
          " ",
          "\t\r\n",
          "Hello 😀 world",
          "👩‍👩‍👧‍👦 family, 👍🏽 thumbs, 🇫🇷 flag",
          "e\u0301te\u0301 cafe\u0301 Z\u0324\u0354\u0367\u0311\u0353 naïve",
          "日本語のテキストと中文文本，한국어 텍스트",
          "مرحبا بالعالم — שלום עולם (123) ltr",
          "a\u0000b\u0000\u0000c",
          "lone \uD800 high, lone \uDC00 low, end \uD83D",
          "\uDE00\uD83D reversed pair",
          "😀\uD800😀",
          "bell\u0007 escape\u001B zero-width\u200Bjoiner\u200D bom\uFEFF",
          "replacement \uFFFD char",
          "<|endoftext|> in text and [CLS] [SEP] too",
          "𝕳𝖊𝖑𝖑𝖔 mathematical 𝒶𝓁𝓅𝒽𝒶 and 𠀀 supplementary CJK",
          "İstanbul ǅemal ﬁnance Ⅻ ß ẞ",
          "x".repeat(150) + " overlong word",
          "«guillemets» ‘quotes’ “double” …");

  private static Tokenizer cased;
  private static Tokenizer uncased;
  private static Tokenizer gpt2;

  @BeforeAll
  static void load() {
    cased = Tokenizer.embedded("bert-base-cased");
    uncased = Tokenizer.embedded("bert-base-uncased");
    gpt2 = Tokenizer.embedded("gpt2");
  }

  @AfterAll
  static void close() {
    cased.close();
    uncased.close();
    gpt2.close();
  }

  static Stream<Arguments> cases() {
    return Stream.of("bert-base-cased", "bert-base-uncased", "gpt2")
        .flatMap(name -> TEXTS.stream().map(text -> Arguments.of(name, text)));
  }

  private static Tokenizer byName(String name) {
    return switch (name) {
      case "bert-base-cased" -> cased;
      case "bert-base-uncased" -> uncased;
      default -> gpt2;
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void everySpanSlicesTheOriginalTextToTheTokensText(String name, String text) {
    Tokenizer tokenizer = byName(name);
    Encoding e = tokenizer.encode(text);
    SpanChecks.assertSpansMatchText(tokenizer, text, e);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("cases")
  void pairSecondSequenceOffsetsIndexTheSecondText(String name, String text) {
    Tokenizer tokenizer = byName(name);
    Encoding e = tokenizer.encodePair("Where?", text);
    for (int i = 0; i < e.length(); i++) {
      String source = e.sequenceIds()[i] == 1 ? text : "Where?";
      assertThat(e.end()[i]).isLessThanOrEqualTo(source.length());
      assertThat(source.codePointCount(0, e.start()[i])).isEqualTo(e.codePointStart()[i]);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void loneSurrogateDoesNotCorruptTheRestOfTheText(String name) {
    Tokenizer tokenizer = byName(name);
    Encoding clean = tokenizer.encode(" x 😀 y", false);
    Encoding dirty = tokenizer.encode("\uD800 x 😀 y", false); // one UTF-16 unit more
    // Same tokens after the replacement character: the emoji is not mangled.
    long[] tail =
        java.util.Arrays.copyOfRange(dirty.ids(), dirty.length() - clean.length(), dirty.length());
    assertThat(tail).containsExactly(clean.ids());
    assertThat(dirty.start()[dirty.length() - 1]).isEqualTo(clean.start()[clean.length() - 1] + 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void hundredKilobytesOfMixedTextKeepValidSpans(String name) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (b.length() < 100_000) {
      b.append(TEXTS.get(i++ % TEXTS.size())).append(' ');
    }
    String text = b.toString();
    Tokenizer tokenizer = byName(name);
    Encoding e = tokenizer.encode(text);
    assertThat(e.length()).isGreaterThan(10_000);
    SpanChecks.assertSpansMatchText(tokenizer, text, e);
  }

  static Stream<String> names() {
    return Stream.of("bert-base-cased", "bert-base-uncased", "gpt2");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void fixtureLinesKeepValidSpans(String name) throws Exception {
    Tokenizer tokenizer = byName(name);
    for (String line : VocabFilesEquivalenceTest.fixtureLines()) {
      SpanChecks.assertSpansMatchText(tokenizer, line, tokenizer.encode(line));
    }
  }
}
