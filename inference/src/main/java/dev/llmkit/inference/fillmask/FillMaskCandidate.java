package dev.llmkit.inference.fillmask;

/**
 * One candidate for one mask, in Hugging Face's fill-mask shape.
 *
 * @param score probability of the token at the mask (softmax over the whole vocabulary)
 * @param token the token id
 * @param tokenStr the token decoded on its own ({@code token_str})
 * @param sequence the input with this token at the mask, decoded ({@code sequence})
 */
public record FillMaskCandidate(double score, long token, String tokenStr, String sequence) {}
