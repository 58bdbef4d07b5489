package dev.llmkit.tokenization;

/**
 * Maps Unicode code-point offsets (what the Rust tokenizer reports) to UTF-16 offsets (what Java
 * strings use) for one text.
 *
 * <p>It also owns the one repair the text needs before it crosses JNI: an unpaired surrogate has no
 * UTF-8 form, and DJL's string conversion then falls back to a lossy decode of the whole string
 * that turns every emoji into six U+FFFD characters and shifts all later offsets. Replacing each
 * unpaired surrogate with U+FFFD keeps both UTF-16 and code-point lengths unchanged, so offsets
 * computed on the repaired text are valid for the original.
 */
final class TextIndex {

  private static final char REPLACEMENT = '\uFFFD';

  private final String text;
  private final String sanitized;
  private final int[] utf16OfCodePoint; // code-point index -> UTF-16 index, length codePoints + 1

  TextIndex(String text) {
    this.text = text;
    this.sanitized = sanitize(text);
    int codePoints = text.codePointCount(0, text.length());
    utf16OfCodePoint = new int[codePoints + 1];
    int utf16 = 0;
    for (int cp = 0; cp < codePoints; cp++) {
      utf16OfCodePoint[cp] = utf16;
      utf16 += Character.charCount(text.codePointAt(utf16));
    }
    utf16OfCodePoint[codePoints] = utf16;
  }

  /** The text as the caller passed it. */
  String text() {
    return text;
  }

  /** The text with unpaired surrogates replaced by U+FFFD: safe to hand to the native tokenizer. */
  String sanitized() {
    return sanitized;
  }

  int codePointCount() {
    return utf16OfCodePoint.length - 1;
  }

  /** UTF-16 index of a code-point index, clamped to the text. */
  int utf16(int codePointIndex) {
    int clamped = Math.max(0, Math.min(codePointIndex, codePointCount()));
    return utf16OfCodePoint[clamped];
  }

  /** Replaces every unpaired surrogate with U+FFFD; returns {@code s} itself when there is none. */
  static String sanitize(String s) {
    char[] chars = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a valid pair
      } else if (Character.isSurrogate(c)) {
        if (chars == null) {
          chars = s.toCharArray();
        }
        chars[i] = REPLACEMENT;
      }
    }
    return chars == null ? s : new String(chars);
  }
}
