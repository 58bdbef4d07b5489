package dev.llmkit.inference.ner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubwordSchemeTest {

  private final SubwordScheme bert = SubwordScheme.WordPiece.bert();
  private final SubwordScheme bytes = new SubwordScheme.ByteLevel();

  @Test
  void wordPieceGluesContinuationsAndSpacesWords() {
    assertThat(bert.join(List.of("Hu", "##gging", "Face"))).isEqualTo("Hugging Face");
  }

  @Test
  void wordPieceKeepsThePrefixOfALeadingContinuation() {
    // tokenizers' own unit test: the first token is never stripped
    assertThat(
            new SubwordScheme.WordPiece("##", false)
                .join(List.of("##uelo", "Ara", "##új", "##o", "No", "##guera")))
        .isEqualTo("##uelo Araújo Noguera");
  }

  @Test
  void wordPieceCleanupRemovesSpacesBeforePunctuationAndContractions() {
    assertThat(bert.join(List.of("Hello", ",", "world", "!", "isn", "'", "t", "it", "?")))
        .isEqualTo("Hello, world! isn ' t it?");
    assertThat(bert.join(List.of("do", "n't", "stop", "."))).isEqualTo("don't stop.");
    assertThat(new SubwordScheme.WordPiece("##", false).join(List.of("stop", ".")))
        .isEqualTo("stop .");
  }

  @Test
  void byteLevelMapsCharactersBackToUtf8Bytes() {
    // Ġ = space, "Ã©" = bytes C3 A9 = é
    assertThat(bytes.join(List.of("Ġcaf", "Ã©", "Ġis", "Ġopen"))).isEqualTo(" café is open");
    // "ðŁĺĢ" = F0 9F 98 80 = 😀
    assertThat(bytes.join(List.of("ðŁĺ", "Ģ"))).isEqualTo("😀");
  }

  @Test
  void byteLevelKeepsTokensOutsideTheByteAlphabetAsText() {
    assertThat(bytes.join(List.of("Hugging", " Face"))).isEqualTo("Hugging Face");
  }

  @Test
  void byteLevelReplacesAnIncompleteSequence() {
    assertThat(bytes.join(List.of("ðŁĺ"))).isEqualTo("\uFFFD");
  }
}
