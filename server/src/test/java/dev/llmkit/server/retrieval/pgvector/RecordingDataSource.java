package dev.llmkit.server.retrieval.pgvector;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.postgresql.PGConnection;

/**
 * A JDBC data source without a database: it records every statement the code under test sends (with
 * its parameters, in order) and answers queries with rows a test scripts. It lets LangChain4j's
 * real {@code PgVectorEmbeddingStore} run its code paths on this classpath (core 1.19) where no
 * pgvector server exists.
 */
final class RecordingDataSource {

  /** One executed statement: its SQL and its parameters by index (a batch records each row). */
  record Executed(String sql, Map<Integer, Object> parameters) {}

  private final List<Executed> executed = new ArrayList<>();
  private Function<String, List<Map<String, Object>>> rows = sql -> List.of();
  private SQLException failure;

  /** Scripts the rows a query returns, by its SQL. */
  RecordingDataSource answering(Function<String, List<Map<String, Object>>> rows) {
    this.rows = rows;
    return this;
  }

  /** Every later statement fails with this exception. */
  void failWith(SQLException e) {
    this.failure = e;
  }

  /** What ran so far, in order. */
  List<Executed> executed() {
    return List.copyOf(executed);
  }

  /** The SQL of what ran so far. */
  List<String> statements() {
    return executed.stream().map(Executed::sql).toList();
  }

  void clear() {
    executed.clear();
  }

  DataSource dataSource() {
    return proxy(
        DataSource.class,
        (p, m, a) ->
            m.getName().equals("getConnection") ? connection() : defaults(m.getReturnType()));
  }

  private Connection connection() {
    return proxy(
        Connection.class,
        (p, m, a) ->
            switch (m.getName()) {
              case "createStatement" -> statement();
              case "prepareStatement" -> prepared((String) a[0]);
              case "unwrap" -> proxy(PGConnection.class, (q, n, b) -> defaults(n.getReturnType()));
              case "isWrapperFor" -> true;
              case "createArrayOf" -> array((Object[]) a[1]);
              default -> defaults(m.getReturnType());
            });
  }

  private Statement statement() {
    return proxy(
        Statement.class,
        (p, m, a) ->
            switch (m.getName()) {
              case "executeUpdate", "execute" -> {
                run((String) a[0], Map.of());
                yield m.getReturnType() == boolean.class ? false : 0;
              }
              case "executeQuery" -> {
                run((String) a[0], Map.of());
                yield resultSet(rows.apply((String) a[0]));
              }
              default -> defaults(m.getReturnType());
            });
  }

  private PreparedStatement prepared(String sql) {
    Map<Integer, Object> params = new TreeMap<>();
    return proxy(
        PreparedStatement.class,
        (p, m, a) -> {
          String name = m.getName();
          if (name.startsWith("set") && a != null && a.length >= 2 && a[0] instanceof Integer i) {
            params.put(i, name.equals("setNull") ? null : a[1]);
            return null;
          }
          return switch (name) {
            case "addBatch" -> {
              run(sql, new TreeMap<>(params));
              params.clear();
              yield null;
            }
            case "executeBatch" -> new int[0];
            case "executeUpdate" -> {
              run(sql, new TreeMap<>(params));
              yield 1;
            }
            case "executeQuery" -> {
              run(sql, new TreeMap<>(params));
              yield resultSet(rows.apply(sql));
            }
            default -> defaults(m.getReturnType());
          };
        });
  }

  private void run(String sql, Map<Integer, Object> params) throws SQLException {
    if (failure != null) {
      throw failure;
    }
    executed.add(new Executed(sql, params));
  }

  private static ResultSet resultSet(List<Map<String, Object>> rows) {
    Iterator<Map<String, Object>> it = rows.iterator();
    Object[] current = new Object[1];
    return proxy(
        ResultSet.class,
        (p, m, a) -> {
          switch (m.getName()) {
            case "next":
              current[0] = it.hasNext() ? it.next() : null;
              return current[0] != null;
            case "getString", "getObject", "getDouble", "getInt", "getLong":
              @SuppressWarnings("unchecked")
              Map<String, Object> row = (Map<String, Object>) current[0];
              Object v = a[0] instanceof Integer i ? row.values().toArray()[i - 1] : row.get(a[0]);
              return switch (m.getName()) {
                case "getDouble" -> ((Number) v).doubleValue();
                case "getInt" -> ((Number) v).intValue();
                case "getLong" -> ((Number) v).longValue();
                case "getString" -> v == null ? null : v.toString();
                default -> v;
              };
            default:
              return defaults(m.getReturnType());
          }
        });
  }

  private static Array array(Object[] elements) {
    return proxy(
        Array.class,
        (p, m, a) -> m.getName().equals("getArray") ? elements : defaults(m.getReturnType()));
  }

  private static Object defaults(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class || type == long.class || type == short.class) {
      return type == long.class ? 0L : type == short.class ? (short) 0 : 0;
    }
    return null;
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            RecordingDataSource.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
