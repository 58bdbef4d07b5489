package dev.llmkit.server.retrieval.pgvector;

import static dev.langchain4j.store.embedding.filter.MetadataFilterBuilder.metadataKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pgvector.PGvector;
import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.llmkit.server.retrieval.RetrievedSegment;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.UnsupportedRetrievalModeException;
import dev.llmkit.server.retrieval.store.StoredDocument;
import dev.llmkit.server.retrieval.store.UnsupportedFilterException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's real {@code PgVectorEmbeddingStore} 1.11.0-beta19 driven by llmkit on core 1.19,
 * over a recording JDBC data source (no pgvector server exists here): what it would send to
 * PostgreSQL, and how llmkit reads what PostgreSQL would answer.
 */
class PgVectorSegmentStoreTest {

  private static final float[] V0 = {1, 0, 0};
  private static final float[] V1 = {0, 1, 0};

  private final RecordingDataSource db = new RecordingDataSource();

  private static PgVectorSettings.Builder settings() {
    return PgVectorSettings.builder().host("db.example").database("rag").user("llmkit");
  }

  private PgVectorSegmentStore open(PgVectorSettings s) {
    return PgVectorSegmentStore.open(s, 3, db.dataSource());
  }

  private static TextSegment segment(String doc, int index, int start, int end, String text) {
    Metadata m =
        new Metadata()
            .put("lang", "en")
            .put("document_id", doc)
            .put("segment_index", index)
            .put("start_offset", start)
            .put("end_offset", end)
            .put("start_cp", start)
            .put("end_cp", end);
    return TextSegment.from(text, m);
  }

  @Test
  void openingCreatesTheExtensionTheTablesAndTheConfiguredIndexes() {
    open(settings().table("rag").ivfflatLists(100).textSearchConfig("simple").build());
    assertThat(db.statements())
        .contains("CREATE EXTENSION IF NOT EXISTS vector")
        .anySatisfy(
            s ->
                assertThat(s)
                    .startsWith("CREATE TABLE IF NOT EXISTS rag (")
                    .contains("embedding_id UUID PRIMARY KEY")
                    .contains("embedding vector(3)"))
        .anySatisfy(
            s -> assertThat(s).contains("ivfflat (embedding vector_cosine_ops) WITH (lists = 100)"))
        .anySatisfy(s -> assertThat(s).contains("gin (to_tsvector('simple'"))
        .anySatisfy(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS rag_documents ("));
  }

  @Test
  void withoutCreateTableNothingIsCreatedButTheCatalogIsChecked() {
    open(settings().createTable(false).build());
    assertThat(db.statements()).noneMatch(s -> s.startsWith("CREATE TABLE"));
    assertThat(db.statements()).noneMatch(s -> s.contains("CREATE INDEX"));
    assertThat(db.statements())
        .anyMatch(s -> s.contains("FROM llmkit_segments_documents WHERE false"));
  }

  @Test
  void aDocumentIsWrittenAsSegmentsThenStaleSegmentsGoThenTheCatalogRow() {
    PgVectorSegmentStore store = open(settings().build());
    db.clear();
    StoredDocument doc =
        new StoredDocument("d", "Title", "text/plain", "abc", 2, new Metadata().put("lang", "en"));
    store.putDocument(
        doc,
        List.of("d#0", "d#1"),
        List.of(Embedding.from(V0), Embedding.from(V1)),
        List.of(segment("d", 0, 0, 5, "Hello"), segment("d", 1, 6, 11, "world")));

    List<RecordingDataSource.Executed> writes =
        db.executed().stream().filter(e -> !e.sql().startsWith("CREATE EXTENSION")).toList();
    assertThat(writes).hasSize(4);
    assertThat(writes.get(0).sql()).startsWith("INSERT INTO llmkit_segments");
    assertThat(writes.get(0).parameters().get(1)).isEqualTo(uuid("d#0"));
    assertThat(writes.get(1).parameters().get(1)).isEqualTo(uuid("d#1"));
    assertThat(writes.get(2).sql())
        .startsWith("DELETE FROM llmkit_segments WHERE ")
        .contains("(metadata->>'document_id')")
        .contains("= 'd'")
        .contains("(metadata->>'segment_index')::int >= 2");
    assertThat(writes.get(3).sql()).startsWith("INSERT INTO llmkit_segments_documents");
    assertThat(writes.get(3).parameters().get(1)).isEqualTo("d");
    assertThat(writes.get(3).parameters().get(6).toString()).isEqualTo("{\"lang\":\"en\"}");
  }

  @Test
  void searchResultsComeBackUnderSegmentIdsWithIntegerOffsets() {
    // Write a segment, then answer the search with exactly the metadata JSON the store wrote.
    PgVectorSegmentStore store = open(settings().build());
    db.clear();
    TextSegment written = segment("doc's", 1, 6, 11, "world");
    store.putDocument(
        new StoredDocument("doc's", "", "text/plain", "h", 2, new Metadata()),
        List.of("doc's#1"),
        List.of(Embedding.from(V1)),
        List.of(written));
    Object storedJson = db.executed().get(1).parameters().get(4);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("score", 0.75);
    row.put("embedding_id", uuid("doc's#1").toString());
    row.put("embedding", new PGvector(V1));
    row.put("text", "world");
    row.put("metadata", storedJson.toString());
    db.answering(sql -> sql.startsWith("SELECT") ? List.of(row) : List.of());

    List<EmbeddingMatch<TextSegment>> hits =
        store.vectorSearch(
            EmbeddingSearchRequest.builder()
                .queryEmbedding(Embedding.from(V1))
                .maxResults(3)
                .filter(metadataKey("lang").isEqualTo("en"))
                .build());

    assertThat(hits).hasSize(1);
    RetrievedSegment s =
        RetrievedSegment.of(hits.get(0).embeddingId(), hits.get(0).embedded(), 0.75);
    assertThat(s.segmentId()).isEqualTo("doc's#1");
    assertThat(s.documentId()).isEqualTo("doc's");
    assertThat(List.of(s.start(), s.end(), s.codePointStart(), s.codePointEnd()))
        .containsExactly(6, 11, 6, 11);
    assertThat(s.metadata().toMap().get("start_offset")).isEqualTo(6);
    assertThat(s.metadata().getString("lang")).isEqualTo("en");
    String select = db.statements().get(db.statements().size() - 1);
    assertThat(select).contains("(metadata->>'lang')").contains("= 'en'");
  }

  @Test
  void hybridSearchIsLangChain4jsFullTextFusionWithLlmkitsConstant() {
    PgVectorSegmentStore store = open(settings().build());
    db.clear();
    store.hybridSearch(
        EmbeddingSearchRequest.builder()
            .query("signalling maintenance")
            .queryEmbedding(Embedding.from(V0))
            .maxResults(5)
            .build());
    RecordingDataSource.Executed q = db.executed().get(db.executed().size() - 1);
    assertThat(q.sql())
        .contains("plainto_tsquery('english', ?)")
        .contains("FULL OUTER JOIN")
        .contains("1.0 / (60 + v.rnk)");
    assertThat(q.parameters().values()).contains("signalling maintenance");
  }

  @Test
  void filterKeysThatCouldBreakTheSqlAreRefusedBeforeAnyStatement() {
    PgVectorSegmentStore store = open(settings().build());
    db.clear();
    EmbeddingSearchRequest bad =
        EmbeddingSearchRequest.builder()
            .queryEmbedding(Embedding.from(V0))
            .filter(metadataKey("x') OR true --").isEqualTo("y"))
            .build();
    assertThatThrownBy(() -> store.vectorSearch(bad))
        .isInstanceOf(UnsupportedFilterException.class)
        .hasMessageContaining("letters, digits");
    assertThat(db.statements()).isEmpty();
  }

  @Test
  void deletingRemovesTheSegmentsThenTheCatalogRow() {
    PgVectorSegmentStore store = open(settings().build());
    db.clear();
    assertThat(store.deleteDocument("d")).isTrue();
    List<String> writes =
        db.statements().stream().filter(s -> !s.startsWith("CREATE EXTENSION")).toList();
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).startsWith("DELETE FROM llmkit_segments WHERE ").contains("= 'd'");
    assertThat(writes.get(1)).isEqualTo("DELETE FROM llmkit_segments_documents WHERE id = ?");
  }

  @Test
  void bm25IsRefusedWithWhatToUseInstead() {
    PgVectorSegmentStore store = open(settings().build());
    assertThatThrownBy(() -> store.bm25("q", 5, null))
        .isInstanceOf(UnsupportedRetrievalModeException.class)
        .hasMessageContaining("lucene")
        .hasMessageContaining("hybrid");
  }

  @Test
  void aDatabaseFailureWhileServingIsAStoreAccessExceptionNamingTheServer() {
    PgVectorSegmentStore store = open(settings().build());
    db.failWith(new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    assertThatThrownBy(store::documents)
        .isInstanceOf(StoreAccessException.class)
        .hasMessageContaining("db.example:5432/rag")
        .hasMessageContaining("I/O error");
  }

  @Test
  void rowIdsAreNameBasedUuidsOfTheSegmentIds() {
    assertThat(PgVectorSegmentStore.rowId("d#0")).isEqualTo(uuid("d#0").toString());
    assertThat(PgVectorSegmentStore.rowId("d#0")).isNotEqualTo(PgVectorSegmentStore.rowId("d#1"));
    assertThat(UUID.fromString(PgVectorSegmentStore.rowId("é#0")).version()).isEqualTo(3);
  }

  private static UUID uuid(String segmentId) {
    return UUID.nameUUIDFromBytes(segmentId.getBytes(StandardCharsets.UTF_8));
  }
}
