package dev.llmkit.tokenization;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Overflow windows: Hugging Face truncation with {@code stride} and {@code
 * return_overflowing_tokens=True}, delegated to native tokenizers configured for one (max length,
 * stride) setting each. The native library's own truncation is used so that window boundaries are
 * exactly Hugging Face's; arguments are validated first, because the native side silently ignores
 * (or panics on) a stride that does not fit.
 */
final class Windower implements AutoCloseable {

  /** Distinct settings kept alive; further ones get a one-off native tokenizer. */
  private static final int MAX_CACHED = 16;

  private record Key(int maxLength, int stride, boolean pair) {}

  private final String tokenizerJson;
  private final HuggingFaceTokenizer plain;
  private final int addedSingle;
  private final int addedPair;
  private final ConcurrentMap<Key, HuggingFaceTokenizer> cache = new ConcurrentHashMap<>();

  /**
   * @param plain the tokenizer without truncation or padding, for lengths and texts that fit
   */
  Windower(String tokenizerJson, HuggingFaceTokenizer plain) {
    this.tokenizerJson = tokenizerJson;
    this.plain = plain;
    this.addedSingle = plain.encode("", true, false).getIds().length;
    this.addedPair = plain.encode("", "", true, false).getIds().length;
  }

  int specialTokenCount(boolean pair) {
    return pair ? addedPair : addedSingle;
  }

  /**
   * @param second the context of a (question, context) pair, or null for a single text
   */
  List<Encoding> windows(
      TextIndex first, TextIndex second, int maxLength, int stride, boolean addSpecial) {
    if (maxLength <= 0 || stride < 0) {
      throw new IllegalArgumentException(
          "need maxLength > 0 and stride >= 0, got " + maxLength + " and " + stride);
    }
    boolean pair = second != null;
    ai.djl.huggingface.tokenizers.Encoding full =
        pair
            ? plain.encode(first.sanitized(), second.sanitized(), addSpecial, false)
            : plain.encode(first.sanitized(), addSpecial, false);
    if (full.getIds().length <= maxLength) {
      return List.of(Encodings.convert(full, first, second));
    }
    int budget = maxLength - (addSpecial ? specialTokenCount(pair) : 0);
    if (pair) {
      budget -= plain.encode(first.sanitized(), false, false).getIds().length;
    }
    if (budget <= stride) {
      throw new IllegalArgumentException(
          String.format(
              "max length %d leaves %d tokens of %s per window after special tokens%s;"
                  + " the stride (%d) must be smaller",
              maxLength, budget, pair ? "context" : "text", pair ? " and question" : "", stride));
    }
    Key key = new Key(maxLength, stride, pair);
    HuggingFaceTokenizer truncating = cache.get(key);
    boolean oneOff = false;
    if (truncating == null) {
      if (cache.size() < MAX_CACHED) {
        truncating = cache.computeIfAbsent(key, this::truncating);
      } else {
        truncating = truncating(key);
        oneOff = true;
      }
    }
    try {
      ai.djl.huggingface.tokenizers.Encoding truncated =
          pair
              ? truncating.encode(first.sanitized(), second.sanitized(), addSpecial, true)
              : truncating.encode(first.sanitized(), addSpecial, true);
      return Encodings.withOverflow(truncated, first, second);
    } finally {
      if (oneOff) {
        truncating.close();
      }
    }
  }

  private HuggingFaceTokenizer truncating(Key key) {
    Map<String, String> options = new HashMap<>();
    options.put("truncation", key.pair() ? "ONLY_SECOND" : "LONGEST_FIRST");
    options.put("padding", "false");
    options.put("maxLength", Integer.toString(key.maxLength()));
    options.put("modelMaxLength", Integer.toString(key.maxLength())); // DJL clamps to this
    options.put("stride", Integer.toString(key.stride()));
    options.put("withOverflowingTokens", "true");
    return newNative(tokenizerJson, options);
  }

  /**
   * A DJL tokenizer for {@code tokenizerJson}. Options must be explicit: DJL's defaults silently
   * truncate at 512 tokens and pad.
   */
  static HuggingFaceTokenizer newNative(String tokenizerJson, Map<String, String> options) {
    options.put("addSpecialTokens", "true");
    try {
      return HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(tokenizerJson.getBytes(StandardCharsets.UTF_8)), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new TokenizerException("the native tokenizer rejected tokenizer.json: " + e, e);
    }
  }

  @Override
  public void close() {
    cache.values().forEach(HuggingFaceTokenizer::close);
    cache.clear();
  }
}
