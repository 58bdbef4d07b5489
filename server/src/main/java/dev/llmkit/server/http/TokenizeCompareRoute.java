package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.tokenize.EmbeddedTokenizers;
import dev.llmkit.server.tokenize.TokenReport;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.tokenization.TokenizerException;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /tokenize/compare}: the lesson of {@code llmkit tokenize --compare} over HTTP. One
 * text cut by several embedded tokenizers (default WordPiece cased, uncased and GPT-2's byte-level
 * BPE), each answered in {@code llmkit tokenize --json}'s shape, with overflow windows when {@code
 * max_length} is given.
 *
 * <pre>{@code
 * {"inputs": "naïve 😀", "tokenizers": ["bert-base-cased", "gpt2"], "max_length": 8, "stride": 2}
 * }</pre>
 */
public final class TokenizeCompareRoute implements Handler {

  /** Longest text accepted, in UTF-16 chars: a lesson, not a corpus. */
  static final int MAX_CHARS = 10_000;

  /** Most tokens a window may hold. */
  static final int MAX_LENGTH = 512;

  /**
   * The request.
   *
   * @param inputs the text
   * @param tokenizers embedded tokenizer names; default all of them
   * @param maxLength window length in tokens, special tokens included; null for no windows
   * @param stride tokens shared by consecutive windows; default 0
   */
  public record Request(
      String inputs, List<String> tokenizers, Integer maxLength, Integer stride) {}

  private final EmbeddedTokenizers embedded;
  private final long maxPayloadBytes;

  /** Serves the tokenizers of {@code embedded}. */
  public TokenizeCompareRoute(EmbeddedTokenizers embedded, long maxPayloadBytes) {
    this.embedded = embedded;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public void handle(Context ctx) {
    Request request = Bodies.read(ctx, Request.class, maxPayloadBytes);
    String text = Check.text("inputs", request.inputs());
    if (text.isEmpty()) {
      throw ApiException.of(ErrorType.EMPTY, "inputs must not be empty");
    }
    if (text.length() > MAX_CHARS) {
      throw ApiException.of(
          ErrorType.PAYLOAD_TOO_LARGE,
          "inputs holds " + text.length() + " characters; at most " + MAX_CHARS);
    }
    List<String> names = Check.orDefault(request.tokenizers(), EmbeddedTokenizers.COMPARISON);
    if (names.isEmpty()) {
      throw ApiException.of(ErrorType.EMPTY, "tokenizers must not be empty");
    }
    for (String name : names) {
      if (!embedded.has(name)) {
        throw ApiException.validation(
            "tokenizers: no embedded tokenizer '" + name + "'; choose from " + embedded.names());
      }
    }
    Integer maxLength = request.maxLength();
    if (maxLength != null) {
      Check.range("max_length", maxLength, 4, MAX_LENGTH);
    }
    int stride = Check.orDefault(request.stride(), 0);
    if (request.stride() != null && maxLength == null) {
      throw ApiException.validation("stride needs max_length");
    }
    List<TokenReport.Result> results = new ArrayList<>(names.size());
    for (String name : names) {
      Tokenizer tokenizer = embedded.get(name);
      if (maxLength != null) {
        // At least one new token per window after the specials.
        Check.range("stride", stride, 0, maxLength - tokenizer.specialTokenCount(false) - 1);
      }
      try {
        Encoding whole = tokenizer.encode(text);
        List<Encoding> windows =
            maxLength == null ? null : tokenizer.encodeWindows(text, maxLength, stride);
        results.add(TokenReport.of(tokenizer, text, whole, windows));
      } catch (TokenizerException | IllegalArgumentException e) {
        throw ApiException.validation(
            "the text cannot be tokenized by " + name + ": " + e.getMessage());
      }
    }
    ctx.json(results);
  }
}
