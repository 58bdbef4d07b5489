package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Overflow windows behave as Hugging Face defines {@code stride}: consecutive windows share exactly
 * {@code stride} tokens, together they cover the text, and pair windows keep the question whole.
 */
class WindowsTest {

  private static final String CONTEXT =
      "The Normans were the people who in the 10th and 11th centuries gave their name to"
          + " Normandy, a region in France. They were descended from Norse raiders and pirates"
          + " from Denmark, Iceland and Norway who, under their leader Rollo, agreed to swear"
          + " fealty to King Charles III of West Francia. Through generations of assimilation and"
          + " mixing with the native Frankish and Roman-Gaulish populations, their descendants"
          + " would gradually merge with the Carolingian-based cultures of West Francia. 😀 ✓";

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
  void consecutiveWindowsOverlapByExactlyTheStride() {
    for (Tokenizer tokenizer : List.of(bert, gpt2)) {
      int specials = tokenizer.specialTokenCount(false);
      List<Encoding> windows = tokenizer.encodeWindows(CONTEXT, 24, 5);
      long[] all = tokenizer.encode(CONTEXT, false).ids();

      assertThat(windows).hasSizeGreaterThan(3);
      int begin = 0; // where the current window's text starts in the full token sequence
      for (int w = 0; w < windows.size(); w++) {
        Encoding window = windows.get(w);
        assertThat(window.length()).isLessThanOrEqualTo(24);
        long[] text = contentIds(window);
        assertThat(text).containsExactly(Arrays.copyOfRange(all, begin, begin + text.length));
        if (w + 1 < windows.size()) {
          assertThat(text).hasSize(24 - specials);
          long[] next = contentIds(windows.get(w + 1));
          assertThat(Arrays.copyOfRange(next, 0, 5))
              .containsExactly(Arrays.copyOfRange(text, text.length - 5, text.length));
        } else {
          assertThat(begin + text.length).isEqualTo(all.length); // the last window ends the text
        }
        begin += text.length - 5;
      }
    }
  }

  @Test
  void windowsKeepSpecialTokensAndOffsetsIntoTheText() {
    for (Encoding window : bert.encodeWindows(CONTEXT, 32, 8)) {
      assertThat(window.tokens()[0]).isEqualTo("[CLS]");
      assertThat(window.tokens()[window.length() - 1]).isEqualTo("[SEP]");
      SpanChecks.assertSpansMatchText(bert, CONTEXT, window);
    }
  }

  @Test
  void pairWindowsKeepTheQuestionWholeAndSlideOverTheContext() {
    String question = "Who was the leader of the Norse raiders?";
    Encoding questionAlone = bert.encode(question, false);
    List<Encoding> windows = bert.encodePairWindows(question, CONTEXT, 48, 12);
    long[] context = bert.encode(CONTEXT, false).ids();

    assertThat(windows).hasSizeGreaterThan(2);
    int begin = 0;
    for (int w = 0; w < windows.size(); w++) {
      Encoding window = windows.get(w);
      assertThat(window.length()).isLessThanOrEqualTo(48);
      assertThat(window.tokens()[0]).isEqualTo("[CLS]");
      assertThat(idsOfSequence(window, 0)).containsExactly(questionAlone.ids());
      long[] slice = idsOfSequence(window, 1);
      assertThat(slice).containsExactly(Arrays.copyOfRange(context, begin, begin + slice.length));
      for (int i = 0; i < window.length(); i++) {
        if (window.sequenceIds()[i] == 1) {
          assertThat(window.typeIds()[i]).isEqualTo(1);
          assertThat(window.end()[i]).isLessThanOrEqualTo(CONTEXT.length());
        }
      }
      if (w + 1 == windows.size()) {
        assertThat(begin + slice.length).isEqualTo(context.length);
      }
      begin += slice.length - 12;
    }
  }

  @Test
  void aTextThatFitsIsOneWindowEqualToThePlainEncoding() {
    assertThat(bert.encodeWindows("short text", 16, 4)).containsExactly(bert.encode("short text"));
    assertThat(bert.encodePairWindows("q?", "short context", 16, 4))
        .containsExactly(bert.encodePair("q?", "short context"));
  }

  @Test
  void aStrideThatLeavesNoRoomIsRejectedWithAClearMessage() {
    assertThatThrownBy(() -> bert.encodeWindows(CONTEXT, 10, 8))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stride (8)");
    assertThatThrownBy(() -> bert.encodePairWindows("a rather long question here?", CONTEXT, 12, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("question");
    assertThatThrownBy(() -> bert.encodeWindows(CONTEXT, 0, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> bert.encodeWindows(CONTEXT, 16, -1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void manyDistinctWindowSettingsStillWork() {
    for (int maxLength = 20; maxLength < 38; maxLength++) { // more than the 16 cached
      List<Encoding> windows = gpt2.encodeWindows(CONTEXT, maxLength, 3);
      assertThat(windows.get(0).length()).isEqualTo(maxLength);
    }
  }

  private static long[] contentIds(Encoding e) {
    return idsOfSequence(e, 0);
  }

  private static long[] idsOfSequence(Encoding e, int sequence) {
    return java.util.stream.IntStream.range(0, e.length())
        .filter(i -> e.sequenceIds()[i] == sequence)
        .mapToLong(i -> e.ids()[i])
        .toArray();
  }
}
