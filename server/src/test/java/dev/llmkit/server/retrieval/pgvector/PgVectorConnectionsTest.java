package dev.llmkit.server.retrieval.pgvector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.server.retrieval.StoreUnavailableException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

class PgVectorConnectionsTest {

  private static PgVectorSettings.Builder local(int port) {
    return PgVectorSettings.builder()
        .host("127.0.0.1")
        .port(port)
        .database("rag")
        .user("kit")
        .password("pw-never-shown");
  }

  @Test
  void theDataSourceCarriesServerRoleAndTimeouts() {
    PGSimpleDataSource ds =
        PgVectorConnections.dataSource(
            local(6543).connectTimeout(Duration.ofSeconds(4)).socketTimeout(Duration.ZERO).build());
    assertThat(ds.getServerNames()).containsExactly("127.0.0.1");
    assertThat(ds.getPortNumbers()).containsExactly(6543);
    assertThat(ds.getDatabaseName()).isEqualTo("rag");
    assertThat(ds.getUser()).isEqualTo("kit");
    assertThat(ds.getPassword()).isEqualTo("pw-never-shown");
    assertThat(ds.getConnectTimeout()).isEqualTo(4);
    assertThat(ds.getLoginTimeout()).isEqualTo(4);
    assertThat(ds.getSocketTimeout()).isZero();
    assertThat(ds.getApplicationName()).isEqualTo("llmkit");
  }

  @Test
  void aUrlDataSourceTakesServerAndDatabaseFromTheUrl() {
    PGSimpleDataSource ds =
        PgVectorConnections.dataSource(
            PgVectorSettings.builder()
                .url("jdbc:postgresql://pg.example:6000/rag?sslmode=require")
                .user("kit")
                .build());
    assertThat(ds.getServerNames()).containsExactly("pg.example");
    assertThat(ds.getPortNumbers()).containsExactly(6000);
    assertThat(ds.getDatabaseName()).isEqualTo("rag");
    assertThat(ds.getSslMode()).isEqualTo("require");
    assertThat(ds.getPassword()).isNull();
  }

  @Test
  void nothingListeningIsAQuickTypedStartupError() throws IOException {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = probe.getLocalPort(); // closed again: nothing listens there
    }
    PgVectorSettings s = local(port).build();
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> PgVectorSegmentStore.open(s, 384))
        .isInstanceOf(StoreUnavailableException.class)
        .hasMessageContaining("cannot connect to PostgreSQL at 127.0.0.1:" + port + "/rag")
        .hasMessageContaining("--store lucene")
        .message()
        .doesNotContain("pw-never-shown");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aServerThatNeverAnswersTimesOutInsteadOfHanging() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    accepted.add(silent.accept()); // accept, then say nothing
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      PgVectorSettings s =
          local(silent.getLocalPort())
              .connectTimeout(Duration.ofSeconds(1))
              .socketTimeout(Duration.ofSeconds(1))
              .build();
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> PgVectorSegmentStore.open(s, 384))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageContaining("PostgreSQL at 127.0.0.1:" + silent.getLocalPort() + "/rag");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(15));
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }
}
