package dev.llmkit.server.retrieval.ingest;

import java.util.Set;

/** Metadata keys that ingestion writes on every segment (user metadata may not use them). */
public final class SegmentKeys {

  /** The document id. */
  public static final String DOCUMENT_ID = "document_id";

  /** Position of the segment in its document. */
  public static final String SEGMENT_INDEX = "segment_index";

  /** First UTF-16 char of the segment in the original document. */
  public static final String START = "start_offset";

  /** UTF-16 char after the segment. */
  public static final String END = "end_offset";

  /** First code point of the segment in the original document. */
  public static final String START_CP = "start_cp";

  /** Code point after the segment. */
  public static final String END_CP = "end_cp";

  /** All reserved keys. */
  public static final Set<String> RESERVED =
      Set.of(DOCUMENT_ID, SEGMENT_INDEX, START, END, START_CP, END_CP);

  private SegmentKeys() {}
}
