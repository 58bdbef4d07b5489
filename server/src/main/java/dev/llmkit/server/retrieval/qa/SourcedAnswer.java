package dev.llmkit.server.retrieval.qa;

/**
 * An answer read from a retrieved passage, with its source.
 *
 * @param answer the answer text
 * @param score the combined score (see {@link RetrievalQa})
 * @param readerScore the reader's span probability
 * @param retrievalScore the passage's retrieval score
 * @param documentId the source document
 * @param segmentId the source segment
 * @param start first code point of the answer in the ORIGINAL document
 * @param end code point after the answer
 * @param utf16Start the same start in UTF-16 chars: {@code original.substring(utf16Start,
 *     utf16End)} is the answer
 * @param utf16End the same end in UTF-16 chars
 * @param passage the passage the answer was read from
 * @param passageUtf16Start first UTF-16 char of the passage in the original document
 * @param passageUtf16End UTF-16 char after the passage
 */
public record SourcedAnswer(
    String answer,
    double score,
    double readerScore,
    double retrievalScore,
    String documentId,
    String segmentId,
    int start,
    int end,
    int utf16Start,
    int utf16End,
    String passage,
    int passageUtf16Start,
    int passageUtf16End) {}
