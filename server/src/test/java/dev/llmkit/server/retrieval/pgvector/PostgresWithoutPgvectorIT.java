package dev.llmkit.server.retrieval.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.document.Metadata;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import dev.llmkit.server.retrieval.store.StoredDocument;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against a real, throwaway PostgreSQL server WITHOUT the pgvector extension (the only kind this
 * machine has; Debian bookworm does not package pgvector): what an operator sees, and llmkit's own
 * catalog table, which needs no extension. Skipped where PostgreSQL is not installed, failed
 * instead under {@code CI=true} ({@code .ci/run} installs it).
 */
class PostgresWithoutPgvectorIT {

  private static ThrowawayPostgres pg;

  @BeforeAll
  static void start() throws Exception {
    pg = ThrowawayPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  @Test
  void aServerWithoutPgvectorIsRefusedAtStartupNamingTheExtension() {
    PgVectorSettings s = pg.settings("postgres").build();
    assertThatThrownBy(() -> PgVectorSegmentStore.open(s, 384))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("PostgreSQL at 127.0.0.1:" + pg.port() + "/postgres")
        .hasMessageContaining("has no pgvector extension")
        .hasMessageContaining("pgvector/pgvector")
        .hasMessageContaining("extension \"vector\" is not available");
  }

  @Test
  void anUnknownDatabaseIsNamed() {
    PgVectorSettings s = pg.settings("no_such_db").build();
    assertThatThrownBy(() -> PgVectorSegmentStore.open(s, 384))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("has no such database")
        .hasMessageContaining("no_such_db");
  }

  @Test
  void theDocumentCatalogKeepsEntriesAndMetadataTypesOnRealPostgres() throws Exception {
    DataSource ds = PgVectorConnections.dataSource(pg.settings("postgres").build());
    DocumentTable catalog = DocumentTable.open(ds, "it_segments_documents", true);
    Metadata meta = new Metadata().put("year", 2024).put("score", 0.5).put("team", "rail");
    catalog.put(new StoredDocument("b", "Bee", "text/plain", "h1", 3, meta));
    catalog.put(new StoredDocument("a", "", "text/html", "h2", 1, new Metadata()));
    catalog.put(new StoredDocument("b", "Bee 2", "text/plain", "h3", 4, meta));

    assertThat(catalog.all()).extracting(StoredDocument::id).containsExactly("a", "b");
    StoredDocument b = catalog.find("b");
    assertThat(b.title()).isEqualTo("Bee 2");
    assertThat(b.contentHash()).isEqualTo("h3");
    assertThat(b.segmentCount()).isEqualTo(4);
    assertThat(b.metadata().getInteger("year")).isEqualTo(2024);
    assertThat(b.metadata().getDouble("score")).isEqualTo(0.5);
    assertThat(b.metadata().getString("team")).isEqualTo("rail");
    assertThat(catalog.find("zzz")).isNull();
    assertThat(catalog.delete("b")).isTrue();
    assertThat(catalog.delete("b")).isFalse();
    assertThat(catalog.all()).extracting(StoredDocument::id).isEqualTo(List.of("a"));
    // Opening again (createTable) keeps what is there.
    assertThat(DocumentTable.open(ds, "it_segments_documents", true).all()).hasSize(1);
  }
}
