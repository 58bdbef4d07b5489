package dev.llmkit.server.retrieval.pgvector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL cluster of its own in a temporary directory (initdb, trust authentication on
 * 127.0.0.1, a free port, role {@code llmkit}), stopped and deleted on {@link #close()}. Tests
 * using it are skipped where no PostgreSQL server binaries are installed, or where the cluster
 * cannot start (under root, initdb must run as the {@code postgres} account via {@code runuser}),
 * except under {@code CI=true}, where they fail: {@code .ci/run} installs PostgreSQL from Debian,
 * so CI always runs them.
 */
final class ThrowawayPostgres implements AutoCloseable {

  /** The superuser role of the cluster. */
  static final String ROLE = "llmkit";

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;

  private ThrowawayPostgres(Path bin, Path dir, int port, boolean asPostgres) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
  }

  /** Starts a cluster, or skips the calling test with the reason. */
  static ThrowawayPostgres start() throws IOException, InterruptedException {
    Optional<Path> bin = serverBinaries();
    require(
        bin.isPresent(),
        () ->
            "no PostgreSQL server binaries (initdb) under /usr/lib/postgresql:"
                + " apt-get install -y postgresql");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (root) {
      require(
          Files.isExecutable(Path.of("/usr/sbin/runuser"))
              || Files.isExecutable(Path.of("/sbin/runuser")),
          () -> "running as root without runuser: initdb refuses root");
    }
    Path dir = Files.createTempDirectory("llmkit-pg");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort();
    }
    ThrowawayPostgres pg = new ThrowawayPostgres(bin.get(), dir, port, root);
    pg.run(
        "initdb",
        "-D",
        dir.resolve("data").toString(),
        "-U",
        ROLE,
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-sync");
    pg.run(
        "pg_ctl",
        "-D",
        dir.resolve("data").toString(),
        "-l",
        dir.resolve("server.log").toString(),
        "-w",
        "-t",
        "60",
        "-o",
        "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off",
        "start");
    return pg;
  }

  /** The port it listens on (127.0.0.1). */
  int port() {
    return port;
  }

  /** Settings for a database of this cluster ({@code postgres} always exists). */
  PgVectorSettings.Builder settings(String database) {
    return PgVectorSettings.builder()
        .host("127.0.0.1")
        .port(port)
        .database(database)
        .user(ROLE)
        .connectTimeout(java.time.Duration.ofSeconds(5));
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void run(String tool, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    Path log = dir.resolve(tool + ".log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    require(
        done && p.exitValue() == 0, () -> tool + " failed: " + tail(log) + " " + tail(serverLog()));
  }

  /** Skips the calling test when {@code ok} is false, or fails it under {@code CI=true}. */
  private static void require(boolean ok, Supplier<String> reason) {
    if (!ok && "true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError("CI=true but PostgreSQL cannot run: " + reason.get());
    }
    Assumptions.assumeTrue(ok, reason);
  }

  private Path serverLog() {
    return dir.resolve("server.log");
  }

  private static String tail(Path log) {
    try {
      String s = Files.exists(log) ? Files.readString(log) : "";
      return s.length() > 800 ? s.substring(s.length() - 800) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** The newest {@code /usr/lib/postgresql/<version>/bin} holding initdb, if any. */
  private static Optional<Path> serverBinaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparing(b -> versionOf(b.getParent())));
    }
  }

  private static int versionOf(Path dir) {
    try {
      return Integer.parseInt(dir.getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
