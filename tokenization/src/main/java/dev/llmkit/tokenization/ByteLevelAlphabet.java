package dev.llmkit.tokenization;

import java.io.ByteArrayOutputStream;
import java.util.Optional;

/**
 * GPT-2's byte-to-character table: byte-level BPE works on UTF-8 bytes, and spells each byte as one
 * printable character so that vocabulary entries are readable strings. Printable Latin-1 bytes map
 * to themselves; the other 68 (control characters, space, {@code 0x7F}-{@code 0xA0}, {@code 0xAD})
 * map to U+0100 onwards, which is why a leading space shows as {@code Ġ} (byte {@code 0x20}) and a
 * newline as {@code Ċ} ({@code 0x0A}).
 *
 * <p>Mirrors {@code bytes_to_unicode} in <a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/models/gpt2/tokenization_gpt2.py">tokenization_gpt2.py</a>.
 */
public final class ByteLevelAlphabet {

  private static final char[] CHAR_OF_BYTE = new char[256];
  private static final int[] BYTE_OF_CHAR = new int[512];

  static {
    java.util.Arrays.fill(BYTE_OF_CHAR, -1);
    int next = 256;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      char c = printable ? (char) b : (char) next++;
      CHAR_OF_BYTE[b] = c;
      BYTE_OF_CHAR[c] = b;
    }
  }

  private ByteLevelAlphabet() {}

  /** The character that spells byte {@code b} (0-255) in a byte-level vocabulary. */
  public static char charOf(int b) {
    return CHAR_OF_BYTE[b & 0xFF];
  }

  /**
   * The raw bytes a byte-level token stands for, or empty when {@code token} contains a character
   * outside the 256-character alphabet (an added token such as {@code <|endoftext|>} is spelled in
   * the alphabet too, and decodes to its own ASCII bytes).
   */
  public static Optional<byte[]> bytesOf(String token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      int b = c < BYTE_OF_CHAR.length ? BYTE_OF_CHAR[c] : -1;
      if (b < 0) {
        return Optional.empty();
      }
      out.write(b);
    }
    return Optional.of(out.toByteArray());
  }
}
