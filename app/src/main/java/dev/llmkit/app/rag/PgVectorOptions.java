package dev.llmkit.app.rag;

import dev.llmkit.server.retrieval.pgvector.PgVectorConfig;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The {@code --pg-*} flags of {@code --store pgvector}; each falls back to its {@code LLMKIT_PG_*}
 * variable, and the password is only read from {@code LLMKIT_PG_PASSWORD}. Parsed and validated by
 * {@link PgVectorConfig}.
 */
public final class PgVectorOptions {

  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description = "JDBC URL jdbc:postgresql://HOST:PORT/DB, instead of --pg-host/port/database.")
  String url;

  @Option(names = "--pg-host", paramLabel = "HOST", description = "PostgreSQL host.")
  String host;

  @Option(names = "--pg-port", paramLabel = "PORT", description = "Port (5432).")
  String port;

  @Option(names = "--pg-database", paramLabel = "NAME", description = "Database.")
  String database;

  @Option(
      names = "--pg-user",
      paramLabel = "ROLE",
      description = "Role (password from LLMKIT_PG_PASSWORD).")
  String user;

  @Option(
      names = "--pg-table",
      paramLabel = "NAME",
      description = "Segment table (llmkit_segments; catalog NAME_documents).")
  String table;

  @Option(
      names = "--pg-create-table",
      paramLabel = "true|false",
      description = "Create the extension and missing tables (true).")
  String createTable;

  @Option(
      names = "--pg-ivfflat-lists",
      paramLabel = "N",
      description = "IVFFlat index lists; 0 = exact search, no index (0).")
  String ivfflatLists;

  @Option(
      names = "--pg-text-search-config",
      paramLabel = "NAME",
      description = "Text search configuration of hybrid mode (english).")
  String textSearchConfig;

  @Option(
      names = "--pg-connect-timeout",
      paramLabel = "SECONDS",
      description = "Connection timeout (10).")
  String connectTimeout;

  @Option(
      names = "--pg-socket-timeout",
      paramLabel = "SECONDS",
      description = "Statement timeout, 0 = none (60).")
  String socketTimeout;

  /** The flags given, by option (environment fallbacks are applied by {@link PgVectorConfig}). */
  public Map<PgVectorConfig.Option, String> flags() {
    Map<PgVectorConfig.Option, String> out = new EnumMap<>(PgVectorConfig.Option.class);
    put(out, PgVectorConfig.Option.URL, url);
    put(out, PgVectorConfig.Option.HOST, host);
    put(out, PgVectorConfig.Option.PORT, port);
    put(out, PgVectorConfig.Option.DATABASE, database);
    put(out, PgVectorConfig.Option.USER, user);
    put(out, PgVectorConfig.Option.TABLE, table);
    put(out, PgVectorConfig.Option.CREATE_TABLE, createTable);
    put(out, PgVectorConfig.Option.IVFFLAT_LISTS, ivfflatLists);
    put(out, PgVectorConfig.Option.TEXT_SEARCH_CONFIG, textSearchConfig);
    put(out, PgVectorConfig.Option.CONNECT_TIMEOUT, connectTimeout);
    put(out, PgVectorConfig.Option.SOCKET_TIMEOUT, socketTimeout);
    return out;
  }

  private static void put(
      Map<PgVectorConfig.Option, String> out, PgVectorConfig.Option o, String v) {
    if (v != null) {
      out.put(o, v);
    }
  }
}
