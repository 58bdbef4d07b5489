package dev.llmkit.server.retrieval.store;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.llmkit.server.retrieval.UnsupportedRetrievalModeException;
import java.util.List;
import java.util.Optional;

/**
 * What the retrieval layer needs from a store: segments with their embeddings (a LangChain4j
 * embedding store underneath) and the document catalog behind {@code GET /documents}.
 *
 * <p>Implemented by the embedded {@link LuceneEmbeddingStore} (the default) and by {@code
 * PgVectorSegmentStore} over LangChain4j's {@code PgVectorEmbeddingStore}.
 */
public interface SegmentStore extends AutoCloseable {

  /**
   * Stores a document: its catalog entry and its segments (segment ids {@code <document
   * id>#<index>}), replacing whatever was stored under that document id. Durable when it returns.
   */
  void putDocument(
      StoredDocument document,
      List<String> ids,
      List<Embedding> embeddings,
      List<TextSegment> segments);

  /** The catalog entry of a document, or null. */
  StoredDocument document(String id);

  /** Every catalog entry, ordered by id. */
  List<StoredDocument> documents();

  /** Removes a document and its segments; false if there was no such document. */
  boolean deleteDocument(String id);

  /**
   * Vector search; match ids are segment ids ({@code <document id>#<index>}), scores LangChain4j
   * relevance {@code (1 + cos) / 2}.
   */
  List<EmbeddingMatch<TextSegment>> vectorSearch(EmbeddingSearchRequest request);

  /**
   * Keyword search with BM25 scores.
   *
   * @throws UnsupportedRetrievalModeException if the store has no BM25
   */
  List<EmbeddingMatch<TextSegment>> bm25(String query, int maxResults, Filter filter);

  /**
   * Hybrid search done by the engine itself, with raw reciprocal-rank-fusion scores ({@code k =
   * 60}, maximum {@code 2 / 61}); empty when the caller should fuse {@link #vectorSearch} and
   * {@link #bm25} itself. The request carries the query text ({@link
   * EmbeddingSearchRequest#query()}) and a {@code minScore} on the raw fused scale.
   */
  default Optional<List<EmbeddingMatch<TextSegment>>> hybridSearch(EmbeddingSearchRequest request) {
    return Optional.empty();
  }

  /**
   * Whether equality filters on this metadata key match each element of a {@link
   * MetadataCodec#SEPARATOR}-joined value ({@code ORG = "Apple"} matches {@code "Apple|Google"}).
   */
  boolean isMultiValued(String key);

  /** Number of stored segments. */
  int segmentCount();

  /** Releases the store (everything acknowledged is already durable). */
  @Override
  void close();
}
