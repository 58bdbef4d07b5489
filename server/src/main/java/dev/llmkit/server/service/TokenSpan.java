package dev.llmkit.server.service;

/**
 * One token of a tokenized text, as TEI's {@code /tokenize} reports it.
 *
 * @param id vocabulary id
 * @param text the token's surface text in the input, or the token string for special tokens
 * @param special whether it is a special token ({@code [CLS]}, {@code [SEP]}, ...)
 * @param start first Unicode code point, as Python indexes strings (0 for special tokens)
 * @param stop code point after the last one
 * @param utf16Start the same start in UTF-16 chars, as Java and JavaScript index strings
 * @param utf16End the same stop in UTF-16 chars
 */
public record TokenSpan(
    long id, String text, boolean special, int start, int stop, int utf16Start, int utf16End) {}
