package dev.llmkit.server.retrieval.store;

import dev.langchain4j.data.document.Metadata;
import java.util.Objects;

/**
 * One entry of the document catalog.
 *
 * @param id the document id (given at ingest, or derived from the content hash)
 * @param title a title (metadata {@code title}, or the file name), possibly empty
 * @param contentType {@code text/plain}, {@code text/markdown}, {@code text/html} or {@code
 *     application/pdf}
 * @param contentHash hex SHA-256 of the document's text
 * @param segmentCount segments stored for it
 * @param metadata the document's metadata, as given
 */
public record StoredDocument(
    String id,
    String title,
    String contentType,
    String contentHash,
    int segmentCount,
    Metadata metadata) {

  /** Requires the id, hash and metadata. */
  public StoredDocument {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contentHash, "contentHash");
    Objects.requireNonNull(metadata, "metadata");
    title = title == null ? "" : title;
  }
}
