package dev.llmkit.server.retrieval.pgvector;

import dev.llmkit.server.config.ConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.Driver;

/**
 * Reads {@link PgVectorSettings} from command-line flags and the environment, flags first: each
 * {@link Option} is a flag {@code --pg-<name>} and a variable {@code LLMKIT_PG_<NAME>}. The
 * password is read only from {@value #PASSWORD_ENV} (a flag would show in {@code ps}).
 */
public final class PgVectorConfig {

  /** The environment variable holding the password. */
  public static final String PASSWORD_ENV = "LLMKIT_PG_PASSWORD";

  /** Unquoted SQL identifiers: the names LangChain4j pastes into its statements. */
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final int MAX_TABLE = 63 - "_documents".length();

  /** The settings, each a flag and an environment variable. */
  public enum Option {
    /** {@code jdbc:postgresql://host:port/database}, instead of host, port and database. */
    URL,
    /** The server's host. */
    HOST,
    /** The server's port (default 5432). */
    PORT,
    /** The database. */
    DATABASE,
    /** The role. */
    USER,
    /** The segment table (default {@code llmkit_segments}). */
    TABLE,
    /** Create missing tables and the extension: true (default) or false. */
    CREATE_TABLE,
    /** IVFFlat lists of an embedding index; 0 (default) for exact search. */
    IVFFLAT_LISTS,
    /** Text search configuration of hybrid search (default {@code english}). */
    TEXT_SEARCH_CONFIG,
    /** Connection timeout in seconds (default 10). */
    CONNECT_TIMEOUT,
    /** Statement timeout in seconds (default 60; 0: none). */
    SOCKET_TIMEOUT;

    /** The command-line flag, e.g. {@code --pg-create-table}. */
    public String flag() {
      return "--pg-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The environment variable, e.g. {@code LLMKIT_PG_CREATE_TABLE}. */
    public String environmentVariable() {
      return "LLMKIT_PG_" + name();
    }

    String label() {
      return flag() + " (" + environmentVariable() + ")";
    }
  }

  private PgVectorConfig() {}

  /**
   * Settings from flags (absent or null: not given) and the environment.
   *
   * @throws ConfigException naming every missing or invalid option
   */
  public static PgVectorSettings resolve(Map<Option, String> flags, Map<String, String> env) {
    List<String> problems = new ArrayList<>();
    PgVectorSettings.Builder b = PgVectorSettings.builder();
    Values v = new Values(flags, env, problems);
    b.url(v.text(Option.URL)).host(v.text(Option.HOST)).database(v.text(Option.DATABASE));
    b.user(v.text(Option.USER)).password(blankToNull(env.get(PASSWORD_ENV)));
    v.integer(Option.PORT).ifPresent(b::port);
    v.optionalText(Option.TABLE).ifPresent(b::table);
    v.optionalText(Option.TEXT_SEARCH_CONFIG).ifPresent(b::textSearchConfig);
    v.integer(Option.IVFFLAT_LISTS).ifPresent(b::ivfflatLists);
    v.integer(Option.CONNECT_TIMEOUT).ifPresent(s -> b.connectTimeout(Duration.ofSeconds(s)));
    v.integer(Option.SOCKET_TIMEOUT).ifPresent(s -> b.socketTimeout(Duration.ofSeconds(s)));
    String create = v.text(Option.CREATE_TABLE);
    if (create != null) {
      if (create.equalsIgnoreCase("true") || create.equalsIgnoreCase("false")) {
        b.createTable(Boolean.parseBoolean(create));
      } else {
        problems.add(Option.CREATE_TABLE.label() + ": '" + create + "' is not true or false");
      }
    }
    try {
      PgVectorSettings settings = b.build();
      if (problems.isEmpty()) {
        return settings;
      }
    } catch (ConfigException e) {
      problems.addAll(e.problems());
    }
    throw new ConfigException(problems);
  }

  /** Checks a builder's values; called by {@link PgVectorSettings.Builder#build()}. */
  static void validate(PgVectorSettings.Builder b) {
    List<String> problems = new ArrayList<>();
    if (b.url() != null) {
      if (!b.url().startsWith("jdbc:postgresql:")
          || Driver.parseURL(b.url(), new Properties()) == null) {
        problems.add(Option.URL.label() + " must look like jdbc:postgresql://host:5432/database");
      }
    } else {
      if (isBlank(b.host())) {
        problems.add(
            "pgvector needs a server: set " + Option.HOST.label() + " or " + Option.URL.label());
      }
      if (isBlank(b.database())) {
        problems.add("pgvector needs a database: set " + Option.DATABASE.label());
      }
      if (b.port() < 1 || b.port() > 65_535) {
        problems.add(Option.PORT.label() + " must be between 1 and 65535, not " + b.port());
      }
    }
    if (isBlank(b.user())) {
      problems.add("pgvector needs a user: set " + Option.USER.label());
    }
    if (b.table() == null
        || !IDENTIFIER.matcher(b.table()).matches()
        || b.table().length() > MAX_TABLE) {
      problems.add(
          Option.TABLE.label()
              + " must be a plain SQL name (letters, digits, _; at most "
              + MAX_TABLE
              + " characters), not '"
              + b.table()
              + "'");
    }
    if (b.textSearchConfig() == null || !IDENTIFIER.matcher(b.textSearchConfig()).matches()) {
      problems.add(
          Option.TEXT_SEARCH_CONFIG.label()
              + " must name a text search configuration (english, simple, ...), not '"
              + b.textSearchConfig()
              + "'");
    }
    if (b.ivfflatLists() < 0) {
      problems.add(Option.IVFFLAT_LISTS.label() + " must be 0 (no index) or more");
    }
    if (b.connectTimeout() == null || b.connectTimeout().toSeconds() < 1) {
      problems.add(Option.CONNECT_TIMEOUT.label() + " must be at least 1 second");
    }
    if (b.socketTimeout() == null || b.socketTimeout().isNegative()) {
      problems.add(Option.SOCKET_TIMEOUT.label() + " must be 0 (no limit) or more seconds");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static String blankToNull(String s) {
    return isBlank(s) ? null : s;
  }

  /** Flag-then-environment lookup, collecting conversion problems. */
  private record Values(Map<Option, String> flags, Map<String, String> env, List<String> problems) {

    String text(Option o) {
      String flag = flags.get(o);
      return blankToNull(flag != null ? flag : env.get(o.environmentVariable()));
    }

    Optional<String> optionalText(Option o) {
      return Optional.ofNullable(text(o)).map(String::trim);
    }

    OptionalInt integer(Option o) {
      String s = text(o);
      if (s == null) {
        return OptionalInt.empty();
      }
      try {
        return OptionalInt.of(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        problems.add(o.label() + ": '" + s + "' is not an integer");
        return OptionalInt.empty();
      }
    }
  }
}
