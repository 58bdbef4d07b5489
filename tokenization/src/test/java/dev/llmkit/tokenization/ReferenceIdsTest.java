package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ids agree with an independent Python re-implementation of BERT WordPiece and GPT-2 byte-level BPE
 * that reads the original vocabulary files ({@code vocab.txt}; OpenAI's {@code encoder.json} +
 * {@code vocab.bpe}), on every 4th fixture line. See {@code
 * src/test/python/reference_tokenizers.py}.
 */
class ReferenceIdsTest {

  @ParameterizedTest
  @ValueSource(strings = {"bert-base-cased", "bert-base-uncased", "gpt2"})
  void idsEqualTheIndependentReference(String name) throws IOException {
    List<String> lines = VocabFilesEquivalenceTest.fixtureLines();
    String[] expected =
        VocabFilesEquivalenceTest.resource("/reference/" + name + "-ids.txt").split("\n");
    assertThat(expected).hasSize((lines.size() + 3) / 4);
    try (Tokenizer tokenizer = Tokenizer.embedded(name)) {
      for (int i = 0; i < expected.length; i++) {
        String line = lines.get(4 * i);
        long[] want =
            expected[i].isEmpty()
                ? new long[0]
                : Arrays.stream(expected[i].split(" ")).mapToLong(Long::parseLong).toArray();
        assertThat(tokenizer.encode(line, false).ids())
            .as("line %d: %s", 4 * i, SpanChecks.abbreviate(line))
            .containsExactly(want);
      }
    }
  }
}
