package dev.llmkit.inference.generation;

import java.util.List;

/**
 * One generated token, as delivered to a {@link TokenStreamListener}.
 *
 * @param sequence which of the {@code num_return_sequences} sequences (0-based)
 * @param index position among the generated tokens of that sequence (0-based)
 * @param tokenId the token id
 * @param text the text this token completes; "" while a multi-byte character is incomplete and for
 *     the end-of-sequence token. Stop sequences are not held back here: the final {@code
 *     generated_text} is cut, the stream is not.
 * @param logprob the model's log-probability of the token (log-softmax of the raw logits, before
 *     any penalty or warper)
 * @param topTokens the {@code top_n_tokens} most likely tokens of the same distribution, most
 *     likely first; empty unless asked for
 */
public record StreamedToken(
    int sequence, int index, long tokenId, String text, double logprob, List<TopToken> topTokens) {

  /** Copies {@code topTokens}. */
  public StreamedToken {
    topTokens = List.copyOf(topTokens);
  }

  /** A token without alternatives. */
  public StreamedToken(int sequence, int index, long tokenId, String text, double logprob) {
    this(sequence, index, tokenId, text, logprob, List.of());
  }
}
