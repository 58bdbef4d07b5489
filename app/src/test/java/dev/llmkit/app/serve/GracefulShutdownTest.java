package dev.llmkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class GracefulShutdownTest {

  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  @Test
  void aStopBySignalClosesTheServerThenHaltsWithTheCommandsOwnStatus() throws Exception {
    GracefulShutdown shutdown =
        new GracefulShutdown(60_000, status -> events.add("halt " + status));
    Thread hook = new Thread(shutdown.hook(() -> events.add("close")));

    hook.start();
    // The command's main thread: wakes when the server has closed, cleans up, reports.
    while (!events.contains("close")) {
      Thread.onSpinWait();
    }
    events.add("command cleaned up");
    shutdown.finished(0);
    hook.join();

    assertThat(events).containsExactly("close", "command cleaned up", "halt 0");
  }

  @Test
  void aCommandThatNeverReportsIsHaltedAsTheJvmWouldAfterSigterm() {
    GracefulShutdown shutdown = new GracefulShutdown(0, status -> events.add("halt " + status));

    shutdown.hook(() -> events.add("close")).run();

    assertThat(events).containsExactly("close", "halt 143");
  }

  @Test
  void aCommandThatFailedKeepsItsFailureStatus() {
    GracefulShutdown shutdown =
        new GracefulShutdown(60_000, status -> events.add("halt " + status));
    shutdown.finished(1);

    shutdown.hook(() -> events.add("close")).run();

    assertThat(events).containsExactly("close", "halt 1");
  }

  @Test
  void aDrainThatFailsStillHaltsWithTheSigtermStatus() {
    GracefulShutdown shutdown =
        new GracefulShutdown(60_000, status -> events.add("halt " + status));

    assertThatThrownBy(
            shutdown.hook(
                    () -> {
                      throw new IllegalStateException("drain past its deadline");
                    })
                ::run)
        .hasMessage("drain past its deadline");
    assertThat(events).containsExactly("halt 143");
  }
}
