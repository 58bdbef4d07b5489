package dev.llmkit.inference.qa;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the windows of a pair say about the whole pair agrees with encoding the pair in one piece,
 * the independent reference: its length, and where the context's first n tokens end.
 */
class PairWindowsTest {

  private static final String QUESTION = "Who agreed to swear fealty to King Charles III?";
  private static final String CONTEXT =
      "The Normans were the people who in the 10th and 11th centuries gave their name to"
          + " Normandy, a region in France. They were descended from Norse raiders and pirates"
          + " from Denmark, Iceland and Norway who, under their leader Rollo, agreed to swear"
          + " fealty to King Charles III of West Francia. 😀 Through generations of assimilation"
          + " and mixing with the native Frankish and Roman-Gaulish populations ✓ their"
          + " descendants would gradually merge with the Carolingian-based cultures.";

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

  @Test
  void thePairLengthReadOffTheWindowsIsTheLengthOfThePairEncodedWhole() {
    for (Tokenizer tokenizer : List.of(bert, gpt2)) {
      for (int chars : new int[] {0, 40, 150, CONTEXT.length()}) {
        String context = CONTEXT.substring(0, chars);
        for (int[] lengthAndStride : new int[][] {{512, 128}, {40, 7}, {32, 0}}) {
          PairWindows cut = windows(tokenizer, context, lengthAndStride[0], lengthAndStride[1]);
          Encoding whole = tokenizer.encodePair(QUESTION, context);

          assertThat(cut.pairLength())
              .as("%s, %d chars", tokenizer.name(), chars)
              .isEqualTo(whole.length());
          assertThat(cut.contextTokens()).isEqualTo(tokenizer.encode(context, false).length());
        }
      }
    }
  }

  @Test
  void theContextsFirstTokensEndWhereEncodingTheContextAloneSays() {
    for (Tokenizer tokenizer : List.of(bert, gpt2)) {
      PairWindows cut = windows(tokenizer, CONTEXT, 40, 7);
      int[] ends = tokenizer.encode(CONTEXT, false).end();

      assertThat(cut.windows()).hasSizeGreaterThan(3);
      for (int n = 1; n <= ends.length; n++) {
        assertThat(cut.contextEnd(n)).as("%s, n=%d", tokenizer.name(), n).isEqualTo(ends[n - 1]);
      }
      assertThat(cut.questionTokens()).isEqualTo(tokenizer.encodePair(QUESTION, "").length());
    }
  }

  private static PairWindows windows(Tokenizer tokenizer, String context, int length, int stride) {
    return new PairWindows(tokenizer.encodePairWindows(QUESTION, context, length, stride), stride);
  }
}
