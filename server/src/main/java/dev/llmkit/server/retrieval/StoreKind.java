package dev.llmkit.server.retrieval;

import java.util.Locale;

/**
 * Where segments are stored. {@link #LUCENE} is the embedded default; the others name LangChain4j
 * stores on distributed engines.
 */
public enum StoreKind {
  /** Embedded Apache Lucene in the data directory; needs no server. */
  LUCENE,
  /** PostgreSQL with pgvector ({@code langchain4j-pgvector}). */
  PGVECTOR,
  /** Elasticsearch ({@code langchain4j-elasticsearch}). */
  ELASTICSEARCH,
  /** OpenSearch ({@code langchain4j-opensearch}). */
  OPENSEARCH;

  /** Parses {@code lucene}, {@code pgvector}, {@code elasticsearch} or {@code opensearch}. */
  public static StoreKind parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown store '" + name + "'; use lucene, pgvector, elasticsearch or opensearch", e);
    }
  }
}
