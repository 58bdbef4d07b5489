package dev.llmkit.server.retrieval.pgvector;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore.SearchMode;
import dev.llmkit.server.retrieval.UnsupportedRetrievalModeException;
import dev.llmkit.server.retrieval.ingest.SegmentKeys;
import dev.llmkit.server.retrieval.store.SegmentStore;
import dev.llmkit.server.retrieval.store.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * llmkit's store on PostgreSQL with pgvector: segments in LangChain4j's {@link
 * PgVectorEmbeddingStore} table, the document catalog in {@code <table>_documents}.
 *
 * <pre>{@code
 * PgVectorSettings pg = PgVectorSettings.builder()
 *     .host("db.internal").database("rag").user("llmkit").password(System.getenv("LLMKIT_PG_PASSWORD"))
 *     .build();
 * try (SegmentStore store = PgVectorSegmentStore.open(pg, embeddingModel.dimension())) { ... }
 * }</pre>
 *
 * <ul>
 *   <li><b>Ids:</b> LangChain4j's table keys rows by UUID, so a segment {@code <document id>#<i>}
 *       is stored under the name-based UUID of that string; matches are reported under the segment
 *       id again (from the row's metadata).
 *   <li><b>Search:</b> vector search is LangChain4j's cosine search; hybrid is LangChain4j's own
 *       (vector plus PostgreSQL full-text search ranked by {@code ts_rank}, fused by reciprocal
 *       rank with {@code k = 60}); there is no BM25 ({@link UnsupportedRetrievalModeException}).
 *   <li><b>Writes</b> are not one transaction across the two tables: segments first, then stale
 *       segments removed, then the catalog row. A crash in between leaves the old or no catalog
 *       row, so the next ingest of that document redoes it.
 *   <li><b>Metadata</b> is stored as LangChain4j's JSON column, where every value becomes a string;
 *       llmkit's own offset keys are read back as integers, user values stay strings. Multi-valued
 *       keys ({@code ORG = "Apple|Google"}) match only as a whole.
 * </ul>
 */
public final class PgVectorSegmentStore implements SegmentStore {

  private static final Logger LOG = LoggerFactory.getLogger(PgVectorSegmentStore.class);

  private static final Set<String> INTEGER_KEYS =
      Set.of(
          SegmentKeys.SEGMENT_INDEX,
          SegmentKeys.START,
          SegmentKeys.END,
          SegmentKeys.START_CP,
          SegmentKeys.END_CP);

  private final PgVectorSettings settings;
  private final PgVectorEmbeddingStore vectors;
  private final PgVectorEmbeddingStore hybrid;
  private final DocumentTable catalog;

  private PgVectorSegmentStore(
      PgVectorSettings settings,
      PgVectorEmbeddingStore vectors,
      PgVectorEmbeddingStore hybrid,
      DocumentTable catalog) {
    this.settings = settings;
    this.vectors = vectors;
    this.hybrid = hybrid;
    this.catalog = catalog;
  }

  /**
   * Connects, creates the extension and tables when configured to, and checks the catalog.
   *
   * @param dimension the embedding model's vector size
   * @throws dev.llmkit.server.retrieval.StoreUnavailableException naming the server and the reason
   *     (unreachable, authentication, no pgvector extension, missing table)
   */
  public static PgVectorSegmentStore open(PgVectorSettings settings, int dimension) {
    Objects.requireNonNull(settings, "settings");
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension must be positive, not " + dimension);
    }
    return open(settings, dimension, PgVectorConnections.dataSource(settings));
  }

  /** As {@link #open(PgVectorSettings, int)} over a given data source. */
  static PgVectorSegmentStore open(PgVectorSettings settings, int dimension, DataSource ds) {
    try {
      PgVectorEmbeddingStore vectors =
          PgVectorConnections.storeBuilder(settings, ds, dimension, SearchMode.VECTOR).build();
      PgVectorEmbeddingStore hybrid =
          PgVectorConnections.storeBuilder(settings, ds, dimension, SearchMode.HYBRID).build();
      DocumentTable catalog =
          DocumentTable.open(ds, settings.documentTable(), settings.createTable());
      LOG.info("pgvector store open: {}", settings);
      return new PgVectorSegmentStore(settings, vectors, hybrid, catalog);
    } catch (SQLException | RuntimeException e) {
      throw PgVectorConnections.unavailable(settings, e);
    }
  }

  /** The stored row id of a segment id: its name-based (version 3) UUID. */
  static String rowId(String segmentId) {
    return UUID.nameUUIDFromBytes(segmentId.getBytes(StandardCharsets.UTF_8)).toString();
  }

  @Override
  public void putDocument(
      StoredDocument document,
      List<String> ids,
      List<Embedding> embeddings,
      List<TextSegment> segments) {
    if (ids.size() != embeddings.size() || ids.size() != segments.size()) {
      throw new IllegalArgumentException("ids, embeddings and segments must have the same size");
    }
    List<String> rows = ids.stream().map(PgVectorSegmentStore::rowId).toList();
    Filter stale =
        metadataKey(SegmentKeys.DOCUMENT_ID)
            .isEqualTo(document.id())
            .and(metadataKey(SegmentKeys.SEGMENT_INDEX).isGreaterThanOrEqualTo(ids.size()));
    sql(
        () -> {
          if (!rows.isEmpty()) {
            vectors.addAll(rows, embeddings, segments);
          }
          vectors.removeAll(stale);
          catalog.put(document);
          return null;
        });
  }

  @Override
  public StoredDocument document(String id) {
    return sql(() -> catalog.find(id));
  }

  @Override
  public List<StoredDocument> documents() {
    return sql(catalog::all);
  }

  @Override
  public boolean deleteDocument(String id) {
    return sql(
        () -> {
          // Segments first: a crash in between leaves a catalog row that a retry deletes.
          vectors.removeAll(metadataKey(SegmentKeys.DOCUMENT_ID).isEqualTo(id));
          return catalog.delete(id);
        });
  }

  @Override
  public List<EmbeddingMatch<TextSegment>> vectorSearch(EmbeddingSearchRequest request) {
    FilterKeys.check(request.filter());
    return sql(() -> segmentMatches(vectors.search(request).matches()));
  }

  /** Always fails: PostgreSQL has no BM25. */
  @Override
  public List<EmbeddingMatch<TextSegment>> bm25(String query, int maxResults, Filter filter) {
    throw new UnsupportedRetrievalModeException(
        "mode bm25 needs the embedded lucene store; this server stores documents in pgvector,"
            + " which offers mode vector and mode hybrid (vector + PostgreSQL full-text search)");
  }

  @Override
  public Optional<List<EmbeddingMatch<TextSegment>>> hybridSearch(EmbeddingSearchRequest request) {
    FilterKeys.check(request.filter());
    return Optional.of(sql(() -> segmentMatches(hybrid.search(request).matches())));
  }

  /** No key is multi-valued: JSON metadata values match only as a whole. */
  @Override
  public boolean isMultiValued(String key) {
    return false;
  }

  @Override
  public int segmentCount() {
    return sql(() -> (int) catalog.count(settings.table()));
  }

  /** Nothing to release: every call opens and closes its own connection. */
  @Override
  public void close() {}

  /** Matches under their segment ids, with llmkit's offset keys as integers again. */
  static List<EmbeddingMatch<TextSegment>> segmentMatches(List<EmbeddingMatch<TextSegment>> in) {
    return in.stream().map(PgVectorSegmentStore::segmentMatch).toList();
  }

  private static EmbeddingMatch<TextSegment> segmentMatch(EmbeddingMatch<TextSegment> m) {
    TextSegment s = m.embedded();
    if (s == null
        || !s.metadata().containsKey(SegmentKeys.DOCUMENT_ID)
        || !s.metadata().containsKey(SegmentKeys.SEGMENT_INDEX)) {
      return m; // a row llmkit did not write
    }
    Metadata typed = s.metadata().copy();
    for (String key : INTEGER_KEYS) {
      if (typed.containsKey(key)) {
        typed.put(key, typed.getInteger(key)); // getInteger parses the stored string
      }
    }
    String id =
        typed.toMap().get(SegmentKeys.DOCUMENT_ID)
            + "#"
            + typed.getInteger(SegmentKeys.SEGMENT_INDEX);
    return new EmbeddingMatch<>(m.score(), id, m.embedding(), TextSegment.from(s.text(), typed));
  }

  private <T> T sql(SqlCall<T> call) {
    try {
      return call.run();
    } catch (SQLException | RuntimeException e) {
      if (e instanceof SQLException || PgVectorConnections.isDatabaseFailure(e)) {
        throw PgVectorConnections.accessFailure(settings, e);
      }
      throw (RuntimeException) e;
    }
  }

  /** A database call that may throw {@link SQLException}. */
  @FunctionalInterface
  private interface SqlCall<T> {
    T run() throws SQLException;
  }
}
