package dev.llmkit.server.retrieval.pgvector;

import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore;
import dev.langchain4j.store.embedding.pgvector.PgVectorEmbeddingStore.SearchMode;
import dev.llmkit.server.retrieval.ReciprocalRankFusion;
import dev.llmkit.server.retrieval.StoreAccessException;
import dev.llmkit.server.retrieval.StoreUnavailableException;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The mapping from {@link PgVectorSettings} to the JDBC data source and to LangChain4j's {@link
 * PgVectorEmbeddingStore} builder, and the translation of driver failures into llmkit's typed
 * errors.
 */
final class PgVectorConnections {

  /** The {@code application_name} llmkit's sessions show in {@code pg_stat_activity}. */
  static final String APPLICATION_NAME = "llmkit";

  private PgVectorConnections() {}

  /** A non-pooling data source with the settings' server, role and timeouts. */
  static PGSimpleDataSource dataSource(PgVectorSettings s) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    if (s.url() != null) {
      ds.setURL(s.url());
    } else {
      ds.setServerNames(new String[] {s.host()});
      ds.setPortNumbers(new int[] {s.port()});
      ds.setDatabaseName(s.database());
    }
    ds.setUser(s.user());
    if (s.password() != null) {
      ds.setPassword(s.password());
    }
    int connect = (int) Math.min(Integer.MAX_VALUE, s.connectTimeout().toSeconds());
    ds.setConnectTimeout(connect);
    ds.setLoginTimeout(connect);
    ds.setSocketTimeout((int) Math.min(Integer.MAX_VALUE, s.socketTimeout().toSeconds()));
    ds.setApplicationName(APPLICATION_NAME);
    return ds;
  }

  /**
   * LangChain4j's store builder for the settings: the segment table, the model's dimension, an
   * IVFFlat index when lists are configured, llmkit's fusion constant for hybrid search.
   */
  static PgVectorEmbeddingStore.DatasourceBuilder storeBuilder(
      PgVectorSettings s, DataSource dataSource, int dimension, SearchMode mode) {
    boolean index = s.ivfflatLists() > 0;
    return PgVectorEmbeddingStore.datasourceBuilder()
        .datasource(dataSource)
        .table(s.table())
        .dimension(dimension)
        .useIndex(index)
        .indexListSize(index ? s.ivfflatLists() : null)
        .createTable(s.createTable())
        .dropTableFirst(false)
        .searchMode(mode)
        .textSearchConfig(s.textSearchConfig())
        .rrfK(ReciprocalRankFusion.DEFAULT_K);
  }

  /**
   * A startup failure as an operator-facing {@link StoreUnavailableException}: connection refused
   * or timed out, authentication, missing database, missing pgvector extension.
   */
  static StoreUnavailableException unavailable(PgVectorSettings s, Throwable failure) {
    SQLException sql = sqlCause(failure);
    String reason = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
    String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
    String where = "PostgreSQL at " + s.target() + " (user " + s.user() + ")";
    String advice;
    if (mentionsVectorExtension(reason)) {
      advice =
          where
              + " has no pgvector extension ('CREATE EXTENSION vector' failed). Install pgvector"
              + " on that server (e.g. the pgvector/pgvector Docker image), or have an"
              + " administrator run CREATE EXTENSION vector in the database";
    } else if (state.startsWith("08")) {
      advice = "cannot connect to " + where + "; is the server running and reachable?";
    } else if (state.equals("28P01") || state.equals("28000")) {
      advice =
          "authentication failed for "
              + where
              + "; the password is read from "
              + PgVectorConfig.PASSWORD_ENV;
    } else if (state.equals("3D000")) {
      advice = where + " has no such database; create it or fix --pg-database";
    } else if (state.equals("42P01")) {
      advice =
          where
              + " has no table "
              + s.table()
              + " or "
              + s.documentTable()
              + "; create them or leave --pg-create-table at true";
    } else if (state.equals("42501")) {
      advice = "the role may not create llmkit's tables or the vector extension on " + where;
    } else {
      advice = "cannot open the pgvector store on " + where;
    }
    return new StoreUnavailableException(
        advice + ": " + reason + ". Or use --store lucene (embedded, the default).", failure);
  }

  /** A failure while serving, as a {@link StoreAccessException}. */
  static StoreAccessException accessFailure(PgVectorSettings s, Exception failure) {
    SQLException sql = sqlCause(failure);
    String reason = sql != null ? sql.getMessage() : String.valueOf(failure.getMessage());
    return new StoreAccessException(
        "the pgvector store on " + s.target() + " failed: " + reason, failure);
  }

  /** Whether the failure came from the database driver (not from llmkit or LangChain4j). */
  static boolean isDatabaseFailure(Throwable failure) {
    return sqlCause(failure) != null;
  }

  private static boolean mentionsVectorExtension(String reason) {
    String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
    return r.contains("extension \"vector\"")
        || r.contains("vector.control")
        || r.contains("type \"vector\" does not exist");
  }

  private static SQLException sqlCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
    }
    return null;
  }
}
