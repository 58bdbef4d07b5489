package dev.llmkit.server.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.tokenization.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenizerServiceTest {

  static TokenizerService service;

  @BeforeAll
  static void load() {
    service =
        new TokenizerService(
            Tokenizer.embedded("bert-base-uncased"),
            new ModelInfo("bert-base-uncased", "embedded", null, null, null));
  }

  @AfterAll
  static void close() {
    service.close();
  }

  @Test
  void tokenizeGivesThePublishedIdsWithSpansOfTheInput() {
    // Published: bert-base-uncased encodes "hello world" as [101, 7592, 2088, 102].
    List<TokenSpan> tokens = service.tokenize("hello world", true);
    assertThat(tokens).extracting(TokenSpan::id).containsExactly(101L, 7592L, 2088L, 102L);
    assertThat(tokens.get(0)).isEqualTo(new TokenSpan(101, "[CLS]", true, 0, 0, 0, 0));
    assertThat(tokens.get(2)).isEqualTo(new TokenSpan(2088, "world", false, 6, 11, 6, 11));
  }

  @Test
  void offsetsCountCodePointsAndUtf16CharsSeparately() {
    // "😀 hello": the emoji is 1 code point, 2 UTF-16 chars; "hello" is at cp 2, char 3.
    List<TokenSpan> tokens = service.tokenize("\uD83D\uDE00 hello", false);
    TokenSpan hello = tokens.get(tokens.size() - 1);
    assertThat(hello.text()).isEqualTo("hello");
    assertThat(hello.start()).isEqualTo(2);
    assertThat(hello.stop()).isEqualTo(7);
    assertThat(hello.utf16Start()).isEqualTo(3);
    assertThat(hello.utf16End()).isEqualTo(8);
  }

  @Test
  void decodeInvertsTokenize() {
    assertThat(service.decode(new long[] {101, 7592, 2088, 102}, true)).isEqualTo("hello world");
    assertThat(service.vocabSize()).isEqualTo(30522);
  }
}
