package dev.llmkit.server.retrieval.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.server.config.ConfigException;
import dev.llmkit.server.retrieval.pgvector.PgVectorConfig.Option;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PgVectorConfigTest {

  private static final Map<String, String> ENV =
      Map.of("LLMKIT_PG_HOST", "db.internal", "LLMKIT_PG_DATABASE", "rag", "LLMKIT_PG_USER", "kit");

  @Test
  void aMissingHostIsATypedErrorNamingTheFlagAndTheVariable() {
    assertThatThrownBy(
            () ->
                PgVectorConfig.resolve(
                    Map.of(), Map.of("LLMKIT_PG_DATABASE", "rag", "LLMKIT_PG_USER", "kit")))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .singleElement()
                    .asString()
                    .contains("--pg-host (LLMKIT_PG_HOST)")
                    .contains("--pg-url (LLMKIT_PG_URL)"));
  }

  @Test
  void everyProblemIsListedAtOnce() {
    assertThatThrownBy(
            () -> PgVectorConfig.resolve(Map.of(Option.PORT, "54x", Option.TABLE, "a b"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .hasSize(5)
                    .anyMatch(p -> p.startsWith("--pg-port (LLMKIT_PG_PORT): '54x'"))
                    .anyMatch(p -> p.contains("--pg-host"))
                    .anyMatch(p -> p.contains("--pg-database"))
                    .anyMatch(p -> p.contains("--pg-user"))
                    .anyMatch(p -> p.contains("--pg-table") && p.contains("'a b'")));
  }

  @Test
  void theEnvironmentFillsWhatFlagsLeaveOutAndFlagsWin() {
    PgVectorSettings s = PgVectorConfig.resolve(Map.of(Option.HOST, "flag-host"), ENV);
    assertThat(s.host()).isEqualTo("flag-host");
    assertThat(s.database()).isEqualTo("rag");
    assertThat(s.user()).isEqualTo("kit");
  }

  @Test
  void defaultsAreDocumented() {
    PgVectorSettings s = PgVectorConfig.resolve(Map.of(), ENV);
    assertThat(s.port()).isEqualTo(5432);
    assertThat(s.table()).isEqualTo("llmkit_segments");
    assertThat(s.documentTable()).isEqualTo("llmkit_segments_documents");
    assertThat(s.createTable()).isTrue();
    assertThat(s.ivfflatLists()).isZero();
    assertThat(s.textSearchConfig()).isEqualTo("english");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.socketTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.password()).isNull();
  }

  @Test
  void everyOptionIsReadFromItsFlag() {
    PgVectorSettings s =
        PgVectorConfig.resolve(
            Map.of(
                Option.PORT, "6543",
                Option.TABLE, "docs",
                Option.CREATE_TABLE, "FALSE",
                Option.IVFFLAT_LISTS, "100",
                Option.TEXT_SEARCH_CONFIG, "simple",
                Option.CONNECT_TIMEOUT, "3",
                Option.SOCKET_TIMEOUT, "0"),
            ENV);
    assertThat(s.port()).isEqualTo(6543);
    assertThat(s.table()).isEqualTo("docs");
    assertThat(s.createTable()).isFalse();
    assertThat(s.ivfflatLists()).isEqualTo(100);
    assertThat(s.textSearchConfig()).isEqualTo("simple");
    assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.socketTimeout()).isZero();
  }

  @Test
  void thePasswordComesOnlyFromTheEnvironmentAndIsNeverPrinted() {
    Map<String, String> env = new java.util.HashMap<>(ENV);
    env.put("LLMKIT_PG_PASSWORD", "s3cret-pw");
    PgVectorSettings s = PgVectorConfig.resolve(Map.of(), env);
    assertThat(s.password()).isEqualTo("s3cret-pw");
    assertThat(s.toString()).doesNotContain("s3cret-pw").contains("password=***");
    assertThat(s.target()).isEqualTo("db.internal:5432/rag");
  }

  @Test
  void aUrlReplacesHostPortAndDatabaseAndItsParametersStayOutOfMessages() {
    PgVectorSettings s =
        PgVectorConfig.resolve(
            Map.of(Option.URL, "jdbc:postgresql://pg.example:6000/rag?password=p&ssl=true"),
            Map.of("LLMKIT_PG_USER", "kit"));
    assertThat(s.target()).isEqualTo("jdbc:postgresql://pg.example:6000/rag");
    assertThat(s.toString()).doesNotContain("password=p");
    assertThatThrownBy(
            () ->
                PgVectorConfig.resolve(
                    Map.of(Option.URL, "jdbc:mysql://h/db"), Map.of("LLMKIT_PG_USER", "kit")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--pg-url (LLMKIT_PG_URL) must look like jdbc:postgresql://");
  }

  @Test
  void namesPastedIntoSqlMustBePlainIdentifiers() {
    assertThatThrownBy(
            () -> PgVectorConfig.resolve(Map.of(Option.TEXT_SEARCH_CONFIG, "english')--"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--pg-text-search-config");
    assertThatThrownBy(() -> PgVectorConfig.resolve(Map.of(Option.TABLE, "t".repeat(54)), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("at most 53 characters");
  }

  @Test
  void timeoutsAndIndexSizesAreChecked() {
    assertThatThrownBy(
            () ->
                PgVectorConfig.resolve(
                    Map.of(
                        Option.CONNECT_TIMEOUT,
                        "0",
                        Option.IVFFLAT_LISTS,
                        "-1",
                        Option.CREATE_TABLE,
                        "yes"),
                    ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "--pg-create-table (LLMKIT_PG_CREATE_TABLE): 'yes' is not true or false");
    assertThatThrownBy(
            () ->
                PgVectorConfig.resolve(
                    Map.of(Option.CONNECT_TIMEOUT, "0", Option.IVFFLAT_LISTS, "-1"), ENV))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--pg-connect-timeout")
        .hasMessageContaining("--pg-ivfflat-lists");
  }

  @Test
  void flagsAndVariablesAreNamedAfterTheOption() {
    assertThat(Option.TEXT_SEARCH_CONFIG.flag()).isEqualTo("--pg-text-search-config");
    assertThat(Option.TEXT_SEARCH_CONFIG.environmentVariable())
        .isEqualTo("LLMKIT_PG_TEXT_SEARCH_CONFIG");
  }
}
