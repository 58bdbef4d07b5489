package dev.llmkit.server.retrieval.ingest;

/**
 * What ingesting one document did.
 *
 * @param id the document id
 * @param status created, replaced (same id, new content) or unchanged (same id and content)
 * @param segmentCount segments the document has in the store
 * @param contentHash hex SHA-256 of the document's text
 */
public record IngestResult(String id, Status status, int segmentCount, String contentHash) {

  /** The outcome. */
  public enum Status {
    CREATED,
    REPLACED,
    UNCHANGED
  }
}
