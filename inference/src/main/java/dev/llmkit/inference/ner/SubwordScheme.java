package dev.llmkit.inference.ner;

import dev.llmkit.tokenization.Tokenizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * How a tokenizer marks subwords and joins tokens back into text: the two things Hugging Face's
 * token-classification pipeline asks of its tokenizer ({@code model.continuing_subword_prefix} and
 * {@code convert_tokens_to_string}, which for fast tokenizers is the Rust decoder).
 */
public sealed interface SubwordScheme {

  /**
   * Whether continuation tokens carry a prefix (WordPiece {@code ##}). If so a token is a subword
   * when its spelling and the text it covers differ in length; otherwise Hugging Face falls back to
   * a heuristic on the surrounding spaces.
   */
  boolean hasContinuingSubwordPrefix();

  /** Joins token strings into text, as the tokenizer's decoder does. */
  String join(List<String> tokens);

  /** The scheme of a tokenizer kind: BERT's WordPiece decoder or the byte-level one. */
  static SubwordScheme of(Tokenizer.Kind kind) {
    return switch (kind) {
      case WORDPIECE -> WordPiece.bert();
      case BYTE_LEVEL_BPE -> new ByteLevel();
    };
  }

  /**
   * WordPiece decoding (tokenizers {@code decoders/wordpiece.rs}): continuation tokens lose their
   * prefix, other tokens after the first get a leading space, and with {@code cleanup} the spaces
   * before punctuation and English contractions are removed token by token.
   *
   * @param prefix the continuation prefix, {@code ##} for BERT
   * @param cleanup whether to clean up tokenization spaces ({@code true} in BERT's tokenizer.json)
   */
  record WordPiece(String prefix, boolean cleanup) implements SubwordScheme {

    /** BERT's decoder: prefix {@code ##}, cleanup on. */
    public static WordPiece bert() {
      return new WordPiece("##", true);
    }

    @Override
    public boolean hasContinuingSubwordPrefix() {
      return true;
    }

    @Override
    public String join(List<String> tokens) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < tokens.size(); i++) {
        String token = tokens.get(i);
        if (i != 0) {
          token = token.startsWith(prefix) ? token.substring(prefix.length()) : " " + token;
        }
        out.append(cleanup ? cleanup(token) : token);
      }
      return out.toString();
    }

    private static String cleanup(String s) {
      return s.replace(" .", ".")
          .replace(" ?", "?")
          .replace(" !", "!")
          .replace(" ,", ",")
          .replace(" ' ", "'")
          .replace(" n't", "n't")
          .replace(" 'm", "'m")
          .replace(" do not", " don't")
          .replace(" 's", "'s")
          .replace(" 've", "'ve")
          .replace(" 're", "'re");
    }
  }

  /**
   * Byte-level BPE decoding (GPT-2, RoBERTa; tokenizers {@code pre_tokenizers/byte_level.rs}): each
   * character stands for one byte; the bytes are decoded as UTF-8, invalid sequences becoming
   * U+FFFD. A token holding a character outside the byte alphabet contributes its own UTF-8 bytes.
   */
  record ByteLevel() implements SubwordScheme {

    /** Maps a byte-alphabet character (U+0000..U+0143) to its byte, or -1. */
    private static final int[] CHAR_TO_BYTE = charToByte();

    @Override
    public boolean hasContinuingSubwordPrefix() {
      return false;
    }

    @Override
    public String join(List<String> tokens) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String token : tokens) {
        byte[] decoded = decodeToken(token);
        bytes.write(decoded, 0, decoded.length);
      }
      return bytes.toString(StandardCharsets.UTF_8);
    }

    private static byte[] decodeToken(String token) {
      byte[] out = new byte[token.length()];
      for (int i = 0; i < token.length(); i++) {
        char c = token.charAt(i);
        int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
        if (b < 0) {
          return token.getBytes(StandardCharsets.UTF_8);
        }
        out[i] = (byte) b;
      }
      return out;
    }

    /** GPT-2's {@code bytes_to_unicode}, inverted. */
    private static int[] charToByte() {
      int[] table = new int[256 + 68];
      java.util.Arrays.fill(table, -1);
      int next = 0;
      for (int b = 0; b < 256; b++) {
        boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
        table[printable ? b : 256 + next++] = b;
      }
      return table;
    }
  }
}
