package dev.llmkit.server.pipeline;

import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.tokenization.BatchOptions;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * Applies a task's {@code max_input_tokens} to texts before they reach a pipeline: counts tokens
 * (special tokens included, as the model sees them), refuses, cuts, or splits. Cuts and splits fall
 * on token boundaries of the original text, so offsets computed on a cut text are offsets into the
 * original.
 */
public final class InputLimiter {

  private final String task;
  private final Tokenizer tokenizer;
  private final int maxTokens;
  private final TooLongPolicy policy;
  private final int maxRequestTokens;
  private final int specialTokens;

  /**
   * Creates the limiter of one task.
   *
   * @param task the task's config name, used in messages ({@code ner}, {@code embed}, ...)
   * @param limit the configured limit and policy
   * @param modelWindow the longest input the model itself takes; the effective limit is the smaller
   */
  public InputLimiter(String task, Tokenizer tokenizer, InputLimit limit, int modelWindow) {
    this.task = task;
    this.tokenizer = tokenizer;
    this.maxTokens = Math.min(limit.maxInputTokens(), modelWindow);
    this.policy = limit.onTooLong();
    this.maxRequestTokens = limit.maxRequestTokens();
    // [CLS] [SEP] for BERT, none for GPT-2.
    this.specialTokens = tokenizer.encode("").length();
    if (maxTokens <= specialTokens) {
      throw new IllegalArgumentException(
          task + ".max_input_tokens (" + maxTokens + ") leaves no room for text");
    }
  }

  /** The effective limit in tokens, special tokens included. */
  public int maxTokens() {
    return maxTokens;
  }

  /** The configured policy. */
  public TooLongPolicy policy() {
    return policy;
  }

  /** Number of tokens of {@code text} as the model sees it, special tokens included. */
  public int count(String text) {
    return tokenizer.encode(text).length();
  }

  /** Whether {@code text} is longer than the limit. */
  public boolean tooLong(String text) {
    return count(text) > maxTokens;
  }

  /**
   * The refusal of the {@code error} policy: names the input, its count, the limit and the knob.
   */
  public InputTooLongException refusal(String input, int tokens) {
    return new InputTooLongException(
        input
            + " has "
            + tokens
            + " tokens, more than the limit of "
            + maxTokens
            + " for "
            + task
            + " (on_too_long: "
            + policy.wireName()
            + "); send a shorter text, or configure "
            + task
            + ".on_too_long: truncate or chunk");
  }

  /**
   * Refuses (413) a request that would make the model run more than {@code max_request_tokens}
   * tokens, all its windows together: under {@code chunk} a single request could otherwise hold the
   * model for minutes.
   */
  public void requireRequestWithin(int windowTokens) {
    if (windowTokens > maxRequestTokens) {
      throw new InputTooLongException(
          "the request needs "
              + windowTokens
              + " tokens of model input across its windows, more than the limit of "
              + maxRequestTokens
              + " for "
              + task
              + " (max_request_tokens); send a shorter text, or raise "
              + task
              + ".max_request_tokens");
    }
  }

  /**
   * The {@code error} policy on encodings: each text encoded once (special tokens included), the
   * first one longer than the limit refused with {@link #refusal}.
   */
  public List<Encoding> encodeWithin(List<String> texts) {
    List<Encoding> encodings = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      Encoding encoding = tokenizer.encode(texts.get(i));
      if (encoding.length() > maxTokens) {
        throw refusal(texts.size() == 1 ? "the input" : "inputs[" + i + "]", encoding.length());
      }
      encodings.add(encoding);
    }
    return encodings;
  }

  /**
   * The {@code truncate} policy on encodings: {@code text} encoded once and cut to the limit
   * (special tokens included), as Hugging Face's {@code truncation=True}; offsets index {@code
   * text}.
   */
  public Encoding encodeTruncated(String text) {
    BatchOptions cut =
        BatchOptions.builder()
            .truncation(true)
            .maxLength(maxTokens)
            .padding(BatchOptions.Padding.NONE)
            .build();
    return tokenizer.encodeBatch(List.of(text), cut).get(0);
  }

  /**
   * The {@code chunk} policy's pieces as encodings: {@code text} encoded once into consecutive,
   * non-overlapping windows of at most the limit (special tokens included in each), together
   * covering every token; a text within the limit is one piece.
   */
  public List<Encoding> encodePieces(String text) {
    return tokenizer.encodeWindows(text, maxTokens, 0);
  }

  /**
   * The longest prefix of {@code text} of at most {@code contentTokens} tokens (special tokens not
   * counted), cut at a token's end.
   */
  public String truncate(String text, int contentTokens) {
    Encoding e = tokenizer.encode(text, false);
    if (e.length() <= contentTokens) {
      return text;
    }
    if (contentTokens <= 0) {
      return "";
    }
    return text.substring(0, e.end()[contentTokens - 1]);
  }

  /**
   * The longest suffix of {@code text}, starting at a whole token, within the limit: what a prompt
   * keeps when its beginning must go (TGI's {@code truncate} keeps the last tokens too).
   */
  public String keepLast(String text) {
    Encoding e = tokenizer.encode(text, false);
    int keep = maxTokens - specialTokens;
    if (e.length() <= keep) {
      return text;
    }
    return text.substring(e.start()[e.length() - keep]);
  }
}
