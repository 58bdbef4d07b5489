package dev.llmkit.server.retrieval.ingest;

/**
 * One segment of a document and where it lies in the document's text: {@code
 * original.substring(start, end).equals(text)}.
 *
 * @param index position of the segment in its document, from 0
 * @param text the segment text, a slice of the original
 * @param start first UTF-16 char in the original
 * @param end UTF-16 char after the segment
 * @param codePointStart the same start in Unicode code points (as Python and HF count)
 * @param codePointEnd the same end in code points
 */
public record SegmentSpan(
    int index, String text, int start, int end, int codePointStart, int codePointEnd) {}
