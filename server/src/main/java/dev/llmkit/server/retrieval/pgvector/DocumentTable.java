package dev.llmkit.server.retrieval.pgvector;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.document.Metadata;
import dev.llmkit.server.retrieval.store.StoredDocument;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The document catalog in PostgreSQL ({@code <table>_documents}, one row per document), beside
 * LangChain4j's segment table: LangChain4j's store has no way to list what it holds, and {@code GET
 * /documents} must show the same catalog to every llmkit process sharing the database.
 */
final class DocumentTable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, title, content_type, content_hash, segment_count, metadata";

  private final DataSource dataSource;
  private final String table;

  private DocumentTable(DataSource dataSource, String table) {
    this.dataSource = dataSource;
    this.table = table;
  }

  /**
   * The catalog, created when missing if {@code create}; otherwise it must exist.
   *
   * @throws SQLException if the table is missing or the server refuses
   */
  static DocumentTable open(DataSource dataSource, String table, boolean create)
      throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement()) {
      if (create) {
        st.executeUpdate(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (id TEXT PRIMARY KEY, title TEXT NOT NULL, content_type TEXT NOT NULL,"
                + " content_hash TEXT NOT NULL, segment_count INTEGER NOT NULL,"
                + " metadata JSONB NOT NULL)");
      }
      st.executeQuery("SELECT " + COLUMNS + " FROM " + table + " WHERE false").close();
    }
    return new DocumentTable(dataSource, table);
  }

  /** Inserts or replaces a document's row. */
  void put(StoredDocument d) throws SQLException {
    String sql =
        "INSERT INTO "
            + table
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET title = EXCLUDED.title,"
            + " content_type = EXCLUDED.content_type, content_hash = EXCLUDED.content_hash,"
            + " segment_count = EXCLUDED.segment_count, metadata = EXCLUDED.metadata";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, d.id());
      ps.setString(2, d.title());
      ps.setString(3, d.contentType());
      ps.setString(4, d.contentHash());
      ps.setInt(5, d.segmentCount());
      ps.setObject(6, toJson(d.metadata()), Types.OTHER);
      ps.executeUpdate();
    }
  }

  /** One document, or null. */
  StoredDocument find(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  /** Every document, ordered by id. */
  List<StoredDocument> all() throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT " + COLUMNS + " FROM " + table + " ORDER BY id")) {
      List<StoredDocument> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row(rs));
      }
      return out;
    }
  }

  /** Removes a document's row; false if there was none. */
  boolean delete(String id) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
      ps.setString(1, id);
      return ps.executeUpdate() > 0;
    }
  }

  /** Rows of another table of the same database (the segment table). */
  long count(String otherTable) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + otherTable)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static StoredDocument row(ResultSet rs) throws SQLException {
    return new StoredDocument(
        rs.getString(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getInt(5),
        fromJson(rs.getString(6)));
  }

  /** Metadata as a JSON object; numbers keep their JSON types. */
  static String toJson(Metadata metadata) {
    try {
      return JSON.writeValueAsString(metadata.toMap());
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("metadata cannot be written as JSON", e);
    }
  }

  /** The inverse of {@link #toJson}. */
  static Metadata fromJson(String json) {
    try {
      return Metadata.from(JSON.readValue(json == null ? "{}" : json, MAP));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt metadata in the document catalog", e);
    }
  }
}
