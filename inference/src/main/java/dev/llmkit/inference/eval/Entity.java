package dev.llmkit.inference.eval;

/**
 * An entity chunk: a typed span of tokens within one sentence.
 *
 * @param sentence index of the sentence
 * @param type entity type (for example {@code PER})
 * @param first index of the first token
 * @param last index of the last token (inclusive)
 */
public record Entity(int sentence, String type, int first, int last) {}
