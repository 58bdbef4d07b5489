package dev.llmkit.server.service;

/**
 * One answer span in HF's question-answering response shape.
 *
 * @param score probability of the span
 * @param start first code point in the context
 * @param end code point after the answer
 * @param answer the answer text
 * @param utf16Start the same start in UTF-16 chars
 * @param utf16End the same end in UTF-16 chars
 */
public record QaAnswer(
    float score, int start, int end, String answer, int utf16Start, int utf16End) {}
