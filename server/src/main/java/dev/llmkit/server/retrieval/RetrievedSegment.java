package dev.llmkit.server.retrieval;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.segment.TextSegment;
import dev.llmkit.server.retrieval.ingest.SegmentKeys;

/**
 * A segment found by a query.
 *
 * @param segmentId the segment's store id ({@code <document id>#<index>})
 * @param documentId its document
 * @param text the segment text, {@code original.substring(start, end)}
 * @param score the mode's score (see {@link Retriever})
 * @param start first UTF-16 char in the original document
 * @param end UTF-16 char after it
 * @param codePointStart the same start in code points
 * @param codePointEnd the same end in code points
 * @param metadata the segment metadata (document metadata, entities, offsets)
 */
public record RetrievedSegment(
    String segmentId,
    String documentId,
    String text,
    double score,
    int start,
    int end,
    int codePointStart,
    int codePointEnd,
    Metadata metadata) {

  /** From a stored segment. */
  public static RetrievedSegment of(String id, TextSegment segment, double score) {
    Metadata m = segment.metadata();
    return new RetrievedSegment(
        id,
        m.getString(SegmentKeys.DOCUMENT_ID),
        segment.text(),
        score,
        orZero(m.getInteger(SegmentKeys.START)),
        orZero(m.getInteger(SegmentKeys.END)),
        orZero(m.getInteger(SegmentKeys.START_CP)),
        orZero(m.getInteger(SegmentKeys.END_CP)),
        m);
  }

  /** The same segment with another score. */
  public RetrievedSegment withScore(double other) {
    return new RetrievedSegment(
        segmentId, documentId, text, other, start, end, codePointStart, codePointEnd, metadata);
  }

  private static int orZero(Integer v) {
    return v == null ? 0 : v;
  }
}
