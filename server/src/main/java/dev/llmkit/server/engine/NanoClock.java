package dev.llmkit.server.engine;

/**
 * The monotonic clock a {@link BatchingQueue} measures waits with: {@link #SYSTEM} in production, a
 * hand-moved clock in tests, so that {@code max_wait} is tested without sleeping.
 */
@FunctionalInterface
public interface NanoClock {

  /** {@link System#nanoTime()}. */
  NanoClock SYSTEM = System::nanoTime;

  /** The current time in nanoseconds, only meaningful as a difference from another reading. */
  long nanoTime();
}
