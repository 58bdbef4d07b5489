package dev.llmkit.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class HealthProbeTest {

  @Test
  void healthyEndpointPassesAndFailingOrClosedEndpointsFail() throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/health",
        exchange -> {
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.createContext(
        "/broken",
        exchange -> {
          exchange.sendResponseHeaders(503, -1);
          exchange.close();
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try {
      assertThat(HealthProbe.probe(base + "/health")).isTrue();
      assertThat(HealthProbe.probe(base + "/broken")).isFalse();
    } finally {
      server.stop(0);
    }
    assertThat(HealthProbe.probe(base + "/health")).isFalse();
    assertThat(HealthProbe.probe("not a url")).isFalse();
  }
}
