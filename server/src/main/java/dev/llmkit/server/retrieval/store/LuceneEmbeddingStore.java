package dev.llmkit.server.retrieval.store;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.EmbeddingSearchResult;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.filter.Filter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.util.QueryBuilder;

/**
 * An embedded, persistent LangChain4j {@link EmbeddingStore} on Apache Lucene: an HNSW vector field
 * (cosine), a BM25 text field and the segment metadata, in one directory.
 *
 * <pre>{@code
 * try (LuceneEmbeddingStore store = LuceneEmbeddingStore.builder().directory(dir).build()) {
 *   store.addAll(ids, embeddings, segments);          // committed when it returns
 *   EmbeddingSearchResult<TextSegment> hits = store.search(request);
 * }
 * }</pre>
 *
 * <p><b>Durability:</b> every write commits (fsync) before it returns, so whatever a caller saw
 * acknowledged survives {@code kill -9}; an interrupted write leaves the previous commit.
 *
 * <p>Vector scores are LangChain4j relevance scores, {@code (1 + cos) / 2} in [0, 1] (Lucene's
 * cosine score is the same formula). {@link #bm25(String, int, Filter)} gives the keyword side of
 * hybrid retrieval. A document catalog ({@link #putDocument}, {@link #documents()}) lives in the
 * same index, so a document and its segments are replaced in one commit.
 */
public final class LuceneEmbeddingStore implements EmbeddingStore<TextSegment>, SegmentStore {

  static final String ID = "id";
  static final String KIND = "kind";
  static final String TEXT = "text";
  static final String VECTOR = "vector";
  static final String VECTOR_BYTES = "vector_bytes";
  static final String SEGMENT = "segment";
  static final String DOCUMENT = "document";

  /** The metadata key naming a segment's document. */
  public static final String DOCUMENT_ID = "document_id";

  private final LuceneIndex index;
  private final MetadataCodec codec;
  private final Analyzer analyzer = new EnglishAnalyzer();

  private LuceneEmbeddingStore(Builder b) {
    this.codec = new MetadataCodec(b.multiValuedKeys);
    this.index = LuceneIndex.open(Objects.requireNonNull(b.directory, "directory"), analyzer);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The metadata codec (which keys are multi-valued). */
  public MetadataCodec codec() {
    return codec;
  }

  @Override
  public boolean isMultiValued(String key) {
    return codec.isMultiValued(key);
  }

  @Override
  public String add(Embedding embedding) {
    String id = UUID.randomUUID().toString();
    add(id, embedding);
    return id;
  }

  @Override
  public void add(String id, Embedding embedding) {
    addAll(List.of(id), List.of(embedding), null);
  }

  @Override
  public String add(Embedding embedding, TextSegment segment) {
    String id = UUID.randomUUID().toString();
    addAll(List.of(id), List.of(embedding), List.of(segment));
    return id;
  }

  @Override
  public List<String> addAll(List<Embedding> embeddings) {
    List<String> ids = generateIds(embeddings.size());
    addAll(ids, embeddings, null);
    return ids;
  }

  /** Adds (or replaces, by id) segments and commits before returning. */
  @Override
  public void addAll(List<String> ids, List<Embedding> embeddings, List<TextSegment> segments) {
    if (ids.size() != embeddings.size() || (segments != null && segments.size() != ids.size())) {
      throw new IllegalArgumentException("ids, embeddings and segments must have the same size");
    }
    List<Document> docs = new ArrayList<>(ids.size());
    for (int i = 0; i < ids.size(); i++) {
      docs.add(
          segmentDoc(ids.get(i), embeddings.get(i), segments == null ? null : segments.get(i)));
    }
    index.write(
        w -> {
          for (int i = 0; i < docs.size(); i++) {
            w.updateDocument(new Term(ID, ids.get(i)), docs.get(i));
          }
        });
  }

  /**
   * Replaces a document: removes its catalog entry and every segment with its id, then adds the new
   * entry and segments, all in one commit.
   */
  @Override
  public void putDocument(
      StoredDocument document,
      List<String> ids,
      List<Embedding> embeddings,
      List<TextSegment> segs) {
    List<Document> docs = new ArrayList<>(ids.size() + 1);
    for (int i = 0; i < ids.size(); i++) {
      docs.add(segmentDoc(ids.get(i), embeddings.get(i), segs.get(i)));
    }
    docs.add(DocumentCatalog.toLucene(document));
    index.write(
        w -> {
          w.deleteDocuments(DocumentCatalog.byId(document.id()), segmentsOf(document.id()));
          w.addDocuments(docs);
        });
  }

  /** The catalog entry of a document, or null. */
  @Override
  public StoredDocument document(String id) {
    return index.read(s -> DocumentCatalog.find(s, id));
  }

  /** Every catalog entry, ordered by id. */
  @Override
  public List<StoredDocument> documents() {
    return index.read(DocumentCatalog::all);
  }

  /** Removes a document and its segments; false if there was none. */
  @Override
  public boolean deleteDocument(String id) {
    if (document(id) == null) {
      return false;
    }
    index.write(w -> w.deleteDocuments(DocumentCatalog.byId(id), segmentsOf(id)));
    return true;
  }

  @Override
  public void removeAll(Collection<String> ids) {
    index.write(
        w -> {
          for (String id : ids) {
            w.deleteDocuments(new Term(ID, id));
          }
        });
  }

  /**
   * Removes the segments the filter matches. The document catalog is not updated: to remove whole
   * documents use {@link #deleteDocument(String)}.
   */
  @Override
  public void removeAll(Filter filter) {
    Query q =
        new BooleanQuery.Builder()
            .add(new TermQuery(new Term(KIND, SEGMENT)), Occur.FILTER)
            .add(FilterQueries.toQuery(filter), Occur.FILTER)
            .build();
    index.write(w -> w.deleteDocuments(q));
  }

  /** Removes every segment and the whole catalog. */
  @Override
  public void removeAll() {
    index.write(w -> w.deleteAll());
  }

  /** Vector search (HNSW, cosine) with LangChain4j relevance scores. */
  @Override
  public EmbeddingSearchResult<TextSegment> search(EmbeddingSearchRequest request) {
    float[] vector = request.queryEmbedding().vector();
    Query filter = segmentFilter(request.filter());
    Query knn = new KnnFloatVectorQuery(VECTOR, vector, request.maxResults(), filter);
    return new EmbeddingSearchResult<>(run(knn, request.maxResults(), request.minScore()));
  }

  @Override
  public List<EmbeddingMatch<TextSegment>> vectorSearch(EmbeddingSearchRequest request) {
    return search(request).matches();
  }

  /** BM25 keyword search over segment text; scores are raw BM25. */
  @Override
  public List<EmbeddingMatch<TextSegment>> bm25(String query, int maxResults, Filter filter) {
    Query text = new QueryBuilder(analyzer).createBooleanQuery(TEXT, query);
    if (text == null) { // only stop words or punctuation
      text = new MatchNoDocsQuery();
    }
    Query q =
        new BooleanQuery.Builder()
            .add(text, Occur.MUST)
            .add(segmentFilter(filter), Occur.FILTER)
            .build();
    return run(q, maxResults, 0);
  }

  /** Number of stored segments. */
  @Override
  public int segmentCount() {
    return index.read(s -> s.count(new TermQuery(new Term(KIND, SEGMENT))));
  }

  private List<EmbeddingMatch<TextSegment>> run(Query q, int maxResults, double minScore) {
    return index.read(
        s -> {
          TopDocs top = s.search(q, Math.max(1, maxResults));
          List<EmbeddingMatch<TextSegment>> out = new ArrayList<>();
          for (ScoreDoc sd : top.scoreDocs) {
            if (sd.score >= minScore) {
              out.add(match(s, sd));
            }
          }
          return out;
        });
  }

  private static EmbeddingMatch<TextSegment> match(IndexSearcher s, ScoreDoc sd)
      throws IOException {
    Document d = s.storedFields().document(sd.doc);
    String text = d.get(TEXT);
    TextSegment segment = text == null ? null : TextSegment.from(text, MetadataCodec.read(d));
    return new EmbeddingMatch<>(
        (double) sd.score,
        d.get(ID),
        new Embedding(floats(d.getBinaryValue(VECTOR_BYTES).bytes)),
        segment);
  }

  private Query segmentFilter(Filter filter) {
    BooleanQuery.Builder b =
        new BooleanQuery.Builder().add(new TermQuery(new Term(KIND, SEGMENT)), Occur.FILTER);
    if (filter != null) {
      b.add(FilterQueries.toQuery(filter), Occur.FILTER);
    }
    return b.build();
  }

  private static Query segmentsOf(String documentId) {
    return new TermQuery(new Term(MetadataCodec.STRING_PREFIX + DOCUMENT_ID, documentId));
  }

  private Document segmentDoc(String id, Embedding embedding, TextSegment segment) {
    Document d = new Document();
    d.add(new StringField(ID, id, Field.Store.YES));
    d.add(new StringField(KIND, SEGMENT, Field.Store.NO));
    float[] v = embedding.vector();
    d.add(new KnnFloatVectorField(VECTOR, v, VectorSimilarityFunction.COSINE));
    d.add(new StoredField(VECTOR_BYTES, bytes(v)));
    if (segment != null) {
      d.add(new TextField(TEXT, segment.text(), Field.Store.YES));
      codec.write(segment.metadata(), d);
    } else {
      codec.write(new Metadata(), d);
    }
    return d;
  }

  private static byte[] bytes(float[] v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return b.array();
  }

  private static float[] floats(byte[] bytes) {
    float[] v = new float[bytes.length / 4];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
    return v;
  }

  /** Closes the index (everything acknowledged is already committed). */
  @Override
  public void close() {
    try {
      index.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the index", e);
    }
  }

  /** Builder of a {@link LuceneEmbeddingStore}. */
  public static final class Builder {
    private Path directory;
    private Set<String> multiValuedKeys = Set.of("PER", "ORG", "LOC", "MISC");

    private Builder() {}

    /** The index directory (created if missing); required. */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /**
     * Metadata keys whose string values are {@link MetadataCodec#SEPARATOR}-joined lists, each
     * element matched on its own by equality filters; default the CoNLL entity types {@code PER,
     * ORG, LOC, MISC}.
     */
    public Builder multiValuedKeys(Set<String> keys) {
      this.multiValuedKeys = Set.copyOf(keys);
      return this;
    }

    /** Opens (or creates) the store. */
    public LuceneEmbeddingStore build() {
      return new LuceneEmbeddingStore(this);
    }
  }
}
