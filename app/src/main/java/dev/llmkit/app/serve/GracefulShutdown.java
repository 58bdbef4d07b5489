package dev.llmkit.app.serve;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/**
 * Ends a stop by signal ({@code docker stop}, Kubernetes, Ctrl-C) with the command's own exit
 * status once the server has drained.
 *
 * <p>On SIGTERM the JVM runs its shutdown hooks and then exits with 128 + 15 = 143, so an orderly
 * stop would read as a failure to Docker and process supervisors. The hook installed here closes
 * the server (which drains in-flight requests), waits for the command to finish its own clean-up
 * and report its status, and halts with that status. A command that never reports within the grace
 * period is halted with 143, as the JVM would have done.
 */
final class GracefulShutdown {

  /** The status of a stop whose command did not report in time: killed by SIGTERM. */
  static final int SIGTERM_STATUS = 143;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final long graceMillis;
  private final IntConsumer halt;
  private volatile int status = SIGTERM_STATUS;

  /**
   * @param graceMillis how long the hook waits for the command's clean-up after the server closed
   * @param halt ends the process with a status; {@code Runtime.getRuntime()::halt} in production
   */
  GracefulShutdown(long graceMillis, IntConsumer halt) {
    this.graceMillis = graceMillis;
    this.halt = halt;
  }

  /** A shutdown that halts the JVM. */
  static GracefulShutdown ofRuntime(long graceMillis) {
    return new GracefulShutdown(graceMillis, status -> Runtime.getRuntime().halt(status));
  }

  /** The hook's work: close, wait for the command's status, halt with it. */
  Runnable hook(Runnable close) {
    return () -> {
      try {
        close.run();
        finished.await(graceMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        // A drain that failed (e.g. past its deadline) leaves the command unreported: 143.
        halt.accept(status);
      }
    };
  }

  /** Registers {@link #hook} as a JVM shutdown hook. */
  void install(Runnable close) {
    Runtime.getRuntime().addShutdownHook(new Thread(hook(close), "llmkit-shutdown"));
  }

  /** Called by the command when its clean-up is done, with the status it is about to return. */
  void finished(int exitStatus) {
    this.status = exitStatus;
    finished.countDown();
  }
}
