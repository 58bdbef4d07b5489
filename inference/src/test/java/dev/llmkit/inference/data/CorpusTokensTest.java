package dev.llmkit.inference.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.tokenization.Tokenizer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CorpusTokensTest {

  @Test
  void encodingALongDocumentInPiecesGivesTheIdsOfEncodingItWhole() {
    StringBuilder doc = new StringBuilder();
    for (int i = 0; doc.length() < 200_000; i++) {
      doc.append("Chapter ").append(i).append(".\n\n  \"Indeed,\" said she, ").append(i * 7);
      doc.append(i % 3 == 0 ? "\n \n" : "\n");
    }
    try (Tokenizer gpt2 = Tokenizer.embedded("gpt2")) {
      long[] whole = gpt2.encode(doc.toString(), false).ids();
      long[] pieces = CorpusTokens.encode(gpt2, List.of(doc.toString()), 50256);

      assertThat(pieces[pieces.length - 1]).isEqualTo(50256);
      assertThat(Arrays.copyOf(pieces, pieces.length - 1)).isEqualTo(whole);
    }
  }

  @Test
  void documentsAreSeparatedByTheEndOfTextToken() {
    try (Tokenizer gpt2 = Tokenizer.embedded("gpt2")) {
      long[] ids = CorpusTokens.encode(gpt2, List.of("Hello", " world"), 50256);
      // "Hello" = 15496, " world" = 995 (published GPT-2 ids)
      assertThat(ids).containsExactly(15496, 50256, 995, 50256);
    }
  }
}
