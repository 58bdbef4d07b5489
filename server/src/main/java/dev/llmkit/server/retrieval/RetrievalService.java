package dev.llmkit.server.retrieval;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.llmkit.server.retrieval.ingest.EntityTagger;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.server.retrieval.ingest.IngestResult;
import dev.llmkit.server.retrieval.ingest.Ingestor;
import dev.llmkit.server.retrieval.ingest.Segmenter;
import dev.llmkit.server.retrieval.langchain.LlmkitTokenCountEstimator;
import dev.llmkit.server.retrieval.pgvector.PgVectorSegmentStore;
import dev.llmkit.server.retrieval.pgvector.PgVectorSettings;
import dev.llmkit.server.retrieval.qa.PassageReader;
import dev.llmkit.server.retrieval.qa.RetrievalQa;
import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import dev.llmkit.server.retrieval.store.LuceneEmbeddingStore;
import dev.llmkit.server.retrieval.store.SegmentStore;
import dev.llmkit.server.retrieval.store.StoredDocument;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The retrieval layer in one place: ingestion, the document catalog, search and open-book QA over
 * one store (embedded Lucene by default, or PostgreSQL with pgvector: {@link
 * Builder#pgVector(PgVectorSettings)}). Used by the HTTP routes and the {@code ingest} / {@code
 * ask} commands.
 *
 * <pre>{@code
 * try (RetrievalService rag = RetrievalService.builder()
 *     .dataDirectory(DataDirectory.resolve(null))
 *     .embeddingModel(model).tokenizer(tokenizer).reader(reader).build()) {
 *   rag.ingest(IngestRequest.text("faq", text, null));
 *   List<SourcedAnswer> answers = rag.answer("Who won?", RetrievalQuery.of("Who won?", 5), 1);
 * }
 * }</pre>
 */
public final class RetrievalService implements AutoCloseable {

  private final SegmentStore store;
  private final Ingestor ingestor;
  private final Retriever retriever;
  private final RetrievalQa qa;

  private RetrievalService(Builder b) {
    Objects.requireNonNull(b.embeddings, "embeddingModel");
    Objects.requireNonNull(b.tokenizer, "tokenizer");
    if (b.store != null) {
      this.store = b.store;
    } else {
      // Only pgvector needs the size (and dimension() may embed a probe text to learn it).
      int dimension = b.kind == StoreKind.PGVECTOR ? b.embeddings.dimension() : 0;
      this.store = open(b.kind, b.dataDir, b.pgVector, dimension);
    }
    Segmenter segmenter =
        new Segmenter(
            b.maxSegmentTokens, b.overlapTokens, new LlmkitTokenCountEstimator(b.tokenizer));
    this.ingestor =
        Ingestor.builder()
            .store(store)
            .embeddingModel(b.embeddings)
            .segmenter(segmenter)
            .entityTagger(b.tagger)
            .build();
    this.retriever = new Retriever(store, b.embeddings, b.candidates);
    this.qa = b.reader == null ? null : new RetrievalQa(retriever, b.reader, b.readerWeight);
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens the configured store.
   *
   * @param dataDir llmkit's data directory (the Lucene store lives there)
   * @param pgVector the PostgreSQL settings, required for {@link StoreKind#PGVECTOR}
   * @param dimension the embedding model's vector size (the pgvector column's size)
   * @throws StoreUnavailableException for a store this build or this server cannot open
   */
  public static SegmentStore open(
      StoreKind kind, Path dataDir, PgVectorSettings pgVector, int dimension) {
    requireAvailable(kind);
    return switch (kind) {
      case LUCENE -> {
        Objects.requireNonNull(dataDir, "dataDirectory");
        yield LuceneEmbeddingStore.builder().directory(DataDirectory.luceneStore(dataDir)).build();
      }
      case PGVECTOR -> {
        if (pgVector == null) {
          throw new StoreUnavailableException(
              "store 'pgvector' needs its connection settings (--pg-host or --pg-url, --pg-database,"
                  + " --pg-user; see docs/retrieval.md)");
        }
        yield PgVectorSegmentStore.open(pgVector, dimension);
      }
      case ELASTICSEARCH, OPENSEARCH -> throw notInThisBuild(kind);
    };
  }

  /**
   * Fails fast (before any model is loaded) for a store this build cannot open.
   *
   * @throws StoreUnavailableException for Elasticsearch and OpenSearch
   */
  public static void requireAvailable(StoreKind kind) {
    if (kind == StoreKind.ELASTICSEARCH || kind == StoreKind.OPENSEARCH) {
      throw notInThisBuild(kind);
    }
  }

  private static StoreUnavailableException notInThisBuild(StoreKind kind) {
    return new StoreUnavailableException(
        "store '"
            + kind.name().toLowerCase(Locale.ROOT)
            + "' is not available in this build: LangChain4j's langchain4j-elasticsearch and"
            + " langchain4j-opensearch modules do not resolve from llmkit's Maven repository"
            + " (Maven Central as mirrored here). Use store=lucene (embedded, the default) or"
            + " store=pgvector; see docs/retrieval.md.");
  }

  /** Ingests one document (committed when this returns). */
  public IngestResult ingest(IngestRequest request) {
    return ingestor.ingest(request);
  }

  /** The document catalog. */
  public List<StoredDocument> documents() {
    return store.documents();
  }

  /** One catalog entry. */
  public Optional<StoredDocument> document(String id) {
    return Optional.ofNullable(store.document(id));
  }

  /** Deletes a document and its segments; false if unknown. */
  public boolean delete(String id) {
    return store.deleteDocument(id);
  }

  /** Searches segments. */
  public List<RetrievedSegment> search(RetrievalQuery query) {
    return retriever.retrieve(query);
  }

  /** Whether a reader is configured for {@link #answer}. */
  public boolean canAnswer() {
    return qa != null;
  }

  /**
   * Open-book QA over the stored documents.
   *
   * @throws IllegalStateException if no reader is configured
   */
  public List<SourcedAnswer> answer(String question, RetrievalQuery query, int topK) {
    if (qa == null) {
      throw new IllegalStateException("no question-answering model is configured");
    }
    return qa.answer(question, query, topK);
  }

  /** The store. */
  public SegmentStore store() {
    return store;
  }

  @Override
  public void close() {
    store.close();
  }

  /** Builder of a {@link RetrievalService}. */
  public static final class Builder {
    private SegmentStore store;
    private StoreKind kind = StoreKind.LUCENE;
    private Path dataDir;
    private PgVectorSettings pgVector;
    private EmbeddingModel embeddings;
    private Tokenizer tokenizer;
    private EntityTagger tagger;
    private PassageReader reader;
    private double readerWeight = RetrievalQa.DEFAULT_READER_WEIGHT;
    private int maxSegmentTokens = 200;
    private int overlapTokens = 32;
    private int candidates = 50;

    private Builder() {}

    /** An open store to use (closed with the service); otherwise one is opened. */
    public Builder store(SegmentStore store) {
      this.store = store;
      return this;
    }

    /** The store kind; default {@link StoreKind#LUCENE}. */
    public Builder storeKind(StoreKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /** PostgreSQL settings, used when the store kind is {@link StoreKind#PGVECTOR}. */
    public Builder pgVector(PgVectorSettings settings) {
      this.pgVector = settings;
      return this;
    }

    /** llmkit's data directory (see {@link DataDirectory}). */
    public Builder dataDirectory(Path dataDir) {
      this.dataDir = dataDir;
      return this;
    }

    /** The embedding model (required). */
    public Builder embeddingModel(EmbeddingModel embeddings) {
      this.embeddings = embeddings;
      return this;
    }

    /** The embedding model's tokenizer, which counts segment sizes (required). */
    public Builder tokenizer(Tokenizer tokenizer) {
      this.tokenizer = tokenizer;
      return this;
    }

    /** Optional NER at ingest. */
    public Builder entityTagger(EntityTagger tagger) {
      this.tagger = tagger;
      return this;
    }

    /** The extractive reader for open-book QA, or null for search only. */
    public Builder reader(PassageReader reader) {
      this.reader = reader;
      return this;
    }

    /** Weight of the reader probability in the combined answer score; default 0.1. */
    public Builder readerWeight(double readerWeight) {
      this.readerWeight = readerWeight;
      return this;
    }

    /** Segment size and overlap in model tokens; default 200 and 32. */
    public Builder segmentTokens(int maxTokens, int overlapTokens) {
      this.maxSegmentTokens = maxTokens;
      this.overlapTokens = overlapTokens;
      return this;
    }

    /** How many results each side gives hybrid fusion; default 50. */
    public Builder hybridCandidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    /** Opens the store and builds the service. */
    public RetrievalService build() {
      return new RetrievalService(this);
    }
  }
}
