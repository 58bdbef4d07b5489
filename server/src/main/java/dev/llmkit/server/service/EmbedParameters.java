package dev.llmkit.server.service;

/**
 * Effective embedding parameters (TEI names).
 *
 * @param normalize L2-normalize each vector
 * @param truncate cut inputs longer than the model's limit instead of failing
 */
public record EmbedParameters(boolean normalize, boolean truncate) {}
