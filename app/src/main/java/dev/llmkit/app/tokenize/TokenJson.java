package dev.llmkit.app.tokenize;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --json} output: Hugging Face TEI's {@code /tokenize} token shape ({@code id, text,
 * special, start, stop}, with {@code start/stop} in Unicode code points as HF reports them) plus
 * {@code token}, {@code utf16_start/utf16_end} and the plain {@code ids}.
 */
final class TokenJson {

  private TokenJson() {}

  /** One tokenizer's view of the text. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Result(String model, String kind, long[] ids, List<Token> tokens, List<Window> windows) {}

  /** One overflow window ({@code --max-length}). */
  record Window(long[] ids, List<Token> tokens) {}

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
   */
  record Token(
      long id,
      String text,
      String token,
      boolean special,
      Integer start,
      Integer stop,
      @JsonProperty("utf16_start") Integer utf16Start,
      @JsonProperty("utf16_end") Integer utf16End) {}

  static Result result(
      Tokenizer tokenizer, String text, Encoding encoding, List<Encoding> windows) {
    List<Window> json = null;
    if (windows != null) {
      json = new ArrayList<>();
      for (Encoding w : windows) {
        json.add(new Window(w.ids(), tokens(text, w)));
      }
    }
    return new Result(
        tokenizer.name(), tokenizer.kind().name(), encoding.ids(), tokens(text, encoding), json);
  }

  private static List<Token> tokens(String text, Encoding e) {
    List<Token> tokens = new ArrayList<>(e.length());
    for (int i = 0; i < e.length(); i++) {
      boolean inserted = e.sequenceIds()[i] < 0;
      tokens.add(
          new Token(
              e.ids()[i],
              inserted ? e.tokens()[i] : text.substring(e.start()[i], e.end()[i]),
              e.tokens()[i],
              e.specialTokensMask()[i],
              inserted ? null : e.codePointStart()[i],
              inserted ? null : e.codePointEnd()[i],
              inserted ? null : e.start()[i],
              inserted ? null : e.end()[i]));
    }
    return tokens;
  }
}
