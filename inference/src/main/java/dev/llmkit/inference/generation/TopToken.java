package dev.llmkit.inference.generation;

/**
 * One of the most likely next tokens at a step (TGI's {@code top_tokens} entry).
 *
 * @param tokenId the token id
 * @param text the token decoded on its own (U+FFFD for a piece of a multi-byte character; "" for
 *     the end-of-sequence token)
 * @param logprob its log-probability under the model's distribution (log-softmax of the raw logits,
 *     as {@link StreamedToken#logprob()})
 * @param special whether it is the end-of-sequence token
 */
public record TopToken(long tokenId, String text, double logprob, boolean special) {}
