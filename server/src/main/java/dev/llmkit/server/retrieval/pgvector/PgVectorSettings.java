package dev.llmkit.server.retrieval.pgvector;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach PostgreSQL with pgvector and how to lay out llmkit's tables there. Built by {@link
 * PgVectorConfig#resolve} from {@code --pg-*} flags and {@code LLMKIT_PG_*} environment variables,
 * or with {@link #builder()}; the vector dimension is not configured, it comes from the embedding
 * model when the store opens.
 *
 * @param url a {@code jdbc:postgresql://} URL; when set it names the server and database and {@code
 *     host}, {@code port} and {@code database} are ignored
 * @param host the server's host name
 * @param port the server's port
 * @param database the database
 * @param user the role to connect as
 * @param password the role's password (from {@code LLMKIT_PG_PASSWORD}), or null for password-less
 *     authentication; never printed, logged or put into messages
 * @param table the segment table; the document catalog is {@code <table>_documents}
 * @param createTable create the tables (and the {@code vector} extension) when missing
 * @param ivfflatLists lists of an IVFFlat index on the embeddings, or 0 for no index (exact search)
 * @param textSearchConfig the PostgreSQL text search configuration of hybrid search ({@code
 *     english}, {@code simple}, ...)
 * @param connectTimeout how long opening a connection may take
 * @param socketTimeout how long one statement may wait on the server (zero: no limit)
 */
public record PgVectorSettings(
    String url,
    String host,
    int port,
    String database,
    String user,
    String password,
    String table,
    boolean createTable,
    int ivfflatLists,
    String textSearchConfig,
    Duration connectTimeout,
    Duration socketTimeout) {

  /** PostgreSQL's default port. */
  public static final int DEFAULT_PORT = 5432;

  /** The default segment table. */
  public static final String DEFAULT_TABLE = "llmkit_segments";

  /** Requires the names and timeouts; see {@link PgVectorConfig} for the full validation. */
  public PgVectorSettings {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(textSearchConfig, "textSearchConfig");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(socketTimeout, "socketTimeout");
    if (url == null) {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(database, "database");
    }
  }

  /** A new builder with the defaults (port 5432, table {@code llmkit_segments}, no index). */
  public static Builder builder() {
    return new Builder();
  }

  /** The document catalog table. */
  public String documentTable() {
    return table + "_documents";
  }

  /** Where the store lives, for messages: the URL without its parameters, or host:port/database. */
  public String target() {
    if (url != null) {
      int q = url.indexOf('?');
      return q < 0 ? url : url.substring(0, q);
    }
    return host + ":" + port + "/" + database;
  }

  /** Never shows the password. */
  @Override
  public String toString() {
    return "PgVectorSettings[target="
        + target()
        + ", user="
        + user
        + ", password="
        + (password == null ? "none" : "***")
        + ", table="
        + table
        + ", createTable="
        + createTable
        + ", ivfflatLists="
        + ivfflatLists
        + ", textSearchConfig="
        + textSearchConfig
        + ", connectTimeout="
        + connectTimeout
        + ", socketTimeout="
        + socketTimeout
        + "]";
  }

  /**
   * Builder of {@link PgVectorSettings}; {@link #build()} validates like {@link PgVectorConfig}.
   */
  public static final class Builder {
    private String url;
    private String host;
    private int port = DEFAULT_PORT;
    private String database;
    private String user;
    private String password;
    private String table = DEFAULT_TABLE;
    private boolean createTable = true;
    private int ivfflatLists;
    private String textSearchConfig = "english";
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration socketTimeout = Duration.ofSeconds(60);

    private Builder() {}

    /** A {@code jdbc:postgresql://host:port/database} URL instead of host, port and database. */
    public Builder url(String url) {
      this.url = url;
      return this;
    }

    /** The server's host. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The server's port; default 5432. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** The database. */
    public Builder database(String database) {
      this.database = database;
      return this;
    }

    /** The role to connect as. */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /** The role's password, or null. */
    public Builder password(String password) {
      this.password = password;
      return this;
    }

    /** The segment table; default {@code llmkit_segments}. */
    public Builder table(String table) {
      this.table = table;
      return this;
    }

    /** Whether missing tables are created; default true. */
    public Builder createTable(boolean createTable) {
      this.createTable = createTable;
      return this;
    }

    /** IVFFlat lists, or 0 (the default) for exact search without an index. */
    public Builder ivfflatLists(int lists) {
      this.ivfflatLists = lists;
      return this;
    }

    /** The text search configuration of hybrid search; default {@code english}. */
    public Builder textSearchConfig(String config) {
      this.textSearchConfig = config;
      return this;
    }

    /** Connection timeout; default 10 s. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /** Statement (socket read) timeout; default 60 s, zero for none. */
    public Builder socketTimeout(Duration timeout) {
      this.socketTimeout = timeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws dev.llmkit.server.config.ConfigException listing every problem
     */
    public PgVectorSettings build() {
      PgVectorConfig.validate(this);
      return new PgVectorSettings(
          url,
          host,
          port,
          database,
          user,
          password,
          table,
          createTable,
          ivfflatLists,
          textSearchConfig,
          connectTimeout,
          socketTimeout);
    }

    String url() {
      return url;
    }

    String host() {
      return host;
    }

    int port() {
      return port;
    }

    String database() {
      return database;
    }

    String user() {
      return user;
    }

    String table() {
      return table;
    }

    int ivfflatLists() {
      return ivfflatLists;
    }

    String textSearchConfig() {
      return textSearchConfig;
    }

    Duration connectTimeout() {
      return connectTimeout;
    }

    Duration socketTimeout() {
      return socketTimeout;
    }
  }
}
