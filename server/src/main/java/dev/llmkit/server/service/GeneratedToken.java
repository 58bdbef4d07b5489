package dev.llmkit.server.service;

/**
 * One generated token, TGI's {@code Token} shape.
 *
 * @param id vocabulary id
 * @param text decoded text of the token
 * @param logprob natural log-probability of the token under the (processed) distribution
 * @param special whether it is a special token (e.g. {@code <|endoftext|>})
 */
public record GeneratedToken(long id, String text, float logprob, boolean special) {}
