package dev.llmkit.server.retrieval.ingest;

import dev.langchain4j.data.document.Metadata;
import java.util.Objects;

/**
 * A document to ingest.
 *
 * @param id the document id, or null to derive it from the content hash
 * @param content the raw bytes (UTF-8 for text formats)
 * @param type the format
 * @param title a title, or null
 * @param metadata per-document metadata, copied into every segment
 */
public record IngestRequest(
    String id, byte[] content, ContentType type, String title, Metadata metadata) {

  /** Requires content and type; metadata defaults to empty. */
  public IngestRequest {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(type, "type");
    metadata = metadata == null ? new Metadata() : metadata.copy();
    if (id != null && id.isBlank()) {
      throw new IllegalArgumentException("a document id must not be blank");
    }
  }

  /** A plain-text document. */
  public static IngestRequest text(String id, String text, Metadata metadata) {
    return new IngestRequest(
        id,
        text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
        ContentType.TEXT,
        null,
        metadata);
  }
}
