package dev.llmkit.server.tokenize;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmkit.tokenization.ByteLevelAlphabet;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * One tokenizer's view of a text, as {@code llmkit tokenize --json} prints it and {@code POST
 * /tokenize/compare} answers it: Hugging Face TEI's {@code /tokenize} token shape ({@code id, text,
 * special, start, stop}, with {@code start/stop} in Unicode code points as HF reports them) plus
 * {@code token}, {@code utf16_start/utf16_end}, the plain {@code ids}, and for byte-level BPE the
 * UTF-8 {@code bytes} each token stands for.
 */
public final class TokenReport {

  private TokenReport() {}

  /**
   * One tokenizer's view of the text.
   *
   * @param model the tokenizer's name
   * @param kind {@code WORDPIECE} or {@code BYTE_LEVEL_BPE}
   * @param ids the token ids
   * @param tokens one entry per id
   * @param windows overflow windows, when a maximum length was given
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Result(
      String model, String kind, long[] ids, List<Token> tokens, List<Window> windows) {}

  /**
   * One overflow window.
   *
   * @param ids the window's token ids
   * @param tokens one entry per id
   */
  public record Window(long[] ids, List<Token> tokens) {}

  /**
   * One token. Inserted special tokens have null offsets (as in TEI).
   *
   * @param id vocabulary id
   * @param text the original text the token covers (the token itself for inserted specials)
   * @param token the vocabulary spelling ({@code ##ing}, {@code Ġworld})
   * @param special whether the tokenizer added it
   * @param start code-point start offset
   * @param stop code-point end offset (exclusive)
   * @param utf16Start UTF-16 start offset (Java, JavaScript)
   * @param utf16End UTF-16 end offset (exclusive)
   * @param bytes for byte-level BPE, the UTF-8 bytes the token spells, as hex ({@code "c3 a9"})
   */
  public record Token(
      long id,
      String text,
      String token,
      boolean special,
      Integer start,
      Integer stop,
      @JsonProperty("utf16_start") Integer utf16Start,
      @JsonProperty("utf16_end") Integer utf16End,
      @JsonInclude(JsonInclude.Include.NON_NULL) String bytes) {}

  /**
   * The report of {@code encoding} (and of its overflow {@code windows}, or null for none) of
   * {@code text} by {@code tokenizer}.
   */
  public static Result of(
      Tokenizer tokenizer, String text, Encoding encoding, List<Encoding> windows) {
    List<Window> json = null;
    if (windows != null) {
      json = new ArrayList<>();
      for (Encoding w : windows) {
        json.add(new Window(w.ids(), tokens(tokenizer, text, w)));
      }
    }
    return new Result(
        tokenizer.name(),
        tokenizer.kind().name(),
        encoding.ids(),
        tokens(tokenizer, text, encoding),
        json);
  }

  private static List<Token> tokens(Tokenizer tokenizer, String text, Encoding e) {
    boolean byteLevel = tokenizer.kind() != Tokenizer.Kind.WORDPIECE;
    List<Token> tokens = new ArrayList<>(e.length());
    for (int i = 0; i < e.length(); i++) {
      boolean inserted = e.sequenceIds()[i] < 0;
      String token = e.tokens()[i];
      tokens.add(
          new Token(
              e.ids()[i],
              inserted ? token : text.substring(e.start()[i], e.end()[i]),
              token,
              e.specialTokensMask()[i],
              inserted ? null : e.codePointStart()[i],
              inserted ? null : e.codePointEnd()[i],
              inserted ? null : e.start()[i],
              inserted ? null : e.end()[i],
              byteLevel && !e.specialTokensMask()[i]
                  ? hex(ByteLevelAlphabet.bytesOf(token))
                  : null));
    }
    return tokens;
  }

  private static String hex(Optional<byte[]> bytes) {
    return bytes.map(b -> HexFormat.ofDelimiter(" ").formatHex(b)).orElse(null);
  }
}
