package dev.llmkit.tokenization;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Invariants every encoding of a text must satisfy, written independently of the production code:
 * spans are valid for the original text, UTF-16 and code-point offsets agree, and the sliced text
 * is the token's text (WordPiece: the piece without {@code ##}, after BERT's clean-up, lower-casing
 * and accent stripping; byte-level BPE: the token's bytes).
 */
final class SpanChecks {

  private SpanChecks() {}

  /** Checks every token of an encoding of {@code text} (first or only sequence). */
  static void assertSpansMatchText(Tokenizer tokenizer, String text, Encoding e) {
    String safe = replaceLoneSurrogates(text);
    int[] codePointsBefore = new int[text.length() + 1]; // code points in text[0, i)
    for (int i = 0; i < text.length(); i++) {
      boolean lowHalf = i > 0 && Character.isSurrogatePair(text.charAt(i - 1), text.charAt(i));
      codePointsBefore[i + 1] = codePointsBefore[i] + (lowHalf ? 0 : 1);
    }
    for (int i = 0; i < e.length(); i++) {
      int s = e.start()[i];
      int t = e.end()[i];
      String where = "token " + i + " " + e.tokens()[i] + " of " + abbreviate(text);
      assertThat(s).as(where).isBetween(0, text.length());
      assertThat(t).as(where).isBetween(s, text.length());
      assertThat(codePointsBefore[s]).as(where).isEqualTo(e.codePointStart()[i]);
      assertThat(codePointsBefore[t]).as(where).isEqualTo(e.codePointEnd()[i]);
      assertThat(splitsSurrogatePair(text, s) || splitsSurrogatePair(text, t)).as(where).isFalse();
      if (e.sequenceIds()[i] < 0) {
        assertThat(s).as(where).isZero();
        assertThat(t).as(where).isZero();
        continue;
      }
      String token = e.tokens()[i];
      String slice = safe.substring(s, t);
      if (tokenizer.kind() == Tokenizer.Kind.WORDPIECE) {
        if (!token.equals("[UNK]")) {
          String piece = token.startsWith("##") ? token.substring(2) : token;
          boolean lower = tokenizer.name().endsWith("uncased");
          String normalized = bertNormalize(slice, lower);
          if (slice.codePointCount(0, slice.length()) == 1 && !normalized.equals(piece)) {
            // One character normalized to several (Hangul syllable -> jamo): a piece of it.
            assertThat(normalized).as(where).contains(piece);
          } else if (!slice.equals(piece)) { // added tokens such as [CLS] match un-normalized
            assertThat(normalized).as(where).isEqualTo(piece);
          }
        }
      } else {
        byte[] tokenBytes = ByteLevelAlphabet.bytesOf(token).orElseThrow();
        byte[] sliceBytes = slice.getBytes(StandardCharsets.UTF_8);
        if (isCompleteUtf8(tokenBytes)) {
          assertThat(sliceBytes).as(where).isEqualTo(tokenBytes);
        } else { // a piece of one character's bytes: the span is that whole character
          assertThat(contains(sliceBytes, tokenBytes)).as(where).isTrue();
        }
      }
    }
  }

  /** BERT's normalizer on a slice: drop NUL/U+FFFD/controls, lower-case and strip accents. */
  static String bertNormalize(String s, boolean lowercase) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .filter(cp -> cp != 0 && cp != 0xFFFD && !isBertControl(cp))
        .forEach(out::appendCodePoint);
    String r = out.toString();
    if (lowercase) { // tokenizers' BertNormalizer: strip accents (NFD, drop Mn), then lower-case
      r =
          Normalizer.normalize(r, Normalizer.Form.NFD)
              .codePoints()
              .filter(cp -> Character.getType(cp) != Character.NON_SPACING_MARK)
              .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
              .toString()
              .toLowerCase(Locale.ROOT);
    }
    return r;
  }

  private static boolean isBertControl(int cp) {
    if (cp == '\t' || cp == '\n' || cp == '\r') {
      return false;
    }
    int type = Character.getType(cp);
    return type == Character.CONTROL || type == Character.FORMAT;
  }

  static String replaceLoneSurrogates(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return b.toString();
  }

  private static boolean splitsSurrogatePair(String text, int index) {
    return index > 0
        && index < text.length()
        && Character.isHighSurrogate(text.charAt(index - 1))
        && Character.isLowSurrogate(text.charAt(index));
  }

  private static boolean isCompleteUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .decode(java.nio.ByteBuffer.wrap(bytes)); // throws on a partial character
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return true;
      }
    }
    return false;
  }

  static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 60) + "...";
  }
}
