package dev.llmkit.server.service;

/**
 * One candidate for one mask, Hugging Face's fill-mask JSON ({@code score}, {@code token}, {@code
 * token_str}, {@code sequence}).
 *
 * @param score probability of the token at the mask (softmax over the whole vocabulary)
 * @param token the token id
 * @param tokenStr the token decoded on its own
 * @param sequence the input with this token at the mask, decoded
 */
public record FillMaskToken(double score, long token, String tokenStr, String sequence) {}
