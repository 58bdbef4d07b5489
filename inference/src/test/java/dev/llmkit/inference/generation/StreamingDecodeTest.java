package dev.llmkit.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Incremental decoding and stop-sequence search on decoded text. */
class StreamingDecodeTest {

  @Test
  void gpt2PiecesConcatenateToTheTextAndHoldBackSplitCharacters() {
    String text = "Naïve café 😀 — done.";
    try (Tokenizer gpt2 = Tokenizer.embedded("gpt2")) {
      TextCodec codec = TextCodec.of(gpt2);
      long[] ids = codec.encode(text);
      IncrementalDecoder decoder = new IncrementalDecoder(codec);
      List<String> pieces = new ArrayList<>();
      for (long id : ids) {
        pieces.add(decoder.next(id));
      }
      assertThat(String.join("", pieces)).isEqualTo(text);
      assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
      // The emoji is several byte-level tokens: all but the last decode to "".
      assertThat(pieces).contains("");
      assertThat((long) ids.length)
          .isGreaterThan(pieces.stream().filter(p -> !p.isEmpty()).count());
    }
  }

  @Test
  void aStopStringSpanningTokensIsFoundWhenItsLastCharacterArrives() {
    Map<Long, String> vocab = Map.of(0L, "Hel", 1L, "lo", 2L, " wor", 3L, "ld", 4L, "!");
    TextCodec codec =
        TextCodec.of(
            text -> new long[0],
            ids -> {
              StringBuilder sb = new StringBuilder();
              for (long id : ids) {
                sb.append(vocab.get(id));
              }
              return sb.toString();
            });
    IncrementalDecoder decoder = new IncrementalDecoder(codec);
    StopSequences stops = new StopSequences(List.of("o wo", "zz"));
    int[] found = new int[4];
    for (int i = 0; i < 4; i++) {
      int before = decoder.text().length();
      decoder.next(i);
      found[i] = stops.find(decoder.text(), before);
    }
    assertThat(found).containsExactly(-1, -1, 4, -1); // "Hello wor": "o wo" starts at 4
    assertThat(stops.findIn("Hello world")).isEqualTo(4);
  }

  @Test
  void theEarliestOfSeveralStopStringsWins() {
    StopSequences stops = new StopSequences(List.of("world", "lo"));
    assertThat(stops.find("Hello world", 0)).isEqualTo(3);
    assertThat(stops.findIn("Hello world")).isEqualTo(3);
    assertThat(new StopSequences(List.of()).find("anything", 0)).isEqualTo(-1);
  }
}
