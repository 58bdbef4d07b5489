package dev.llmkit.server.http;

/**
 * The Hugging Face Inference API's {@code options} object, accepted for compatibility: models here
 * are always loaded at startup and never cached per input, so both flags change nothing.
 *
 * @param useCache ignored
 * @param waitForModel ignored
 */
public record Options(Boolean useCache, Boolean waitForModel) {}
