package dev.llmkit.app.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Times a piece of work: some warm-up runs, then repeated timed runs.
 *
 * @param warmup untimed runs first
 * @param repeats timed runs
 * @param pause an untimed wait before each timed run of {@link #interleaved}: zero, or enough for
 *     the other side's idle threads to stop spinning
 */
public record Repeats(int warmup, int repeats, Duration pause) {

  /** Checks the counts. */
  public Repeats {
    if (warmup < 0 || repeats < 1) {
      throw new IllegalArgumentException(
          "warmup >= 0 and repeats >= 1, got " + warmup + ", " + repeats);
    }
    if (pause.isNegative()) {
      throw new IllegalArgumentException("pause >= 0, got " + pause);
    }
  }

  /** No pause. */
  public Repeats(int warmup, int repeats) {
    this(warmup, repeats, Duration.ZERO);
  }

  /**
   * The same counts, waiting {@code pause} before each interleaved timed run. Two runtimes timed in
   * turns in one process each keep idle threads spinning for a while after their work (OpenMP's and
   * ONNX Runtime's thread pools both do): on a 2-core machine the side timed next would share the
   * cores with them.
   */
  public Repeats withPause(Duration pause) {
    return new Repeats(warmup, repeats, pause);
  }

  /** The work's wall time in milliseconds, divided by {@code per} (the items one run handles). */
  public Samples time(Runnable work, double per) {
    for (int i = 0; i < warmup; i++) {
      work.run();
    }
    List<Double> ms = new ArrayList<>(repeats);
    for (int i = 0; i < repeats; i++) {
      long t0 = System.nanoTime();
      work.run();
      ms.add((System.nanoTime() - t0) / 1e6 / per);
    }
    return Samples.of(ms);
  }

  /** Work that times itself, leaving out its own set-up: the nanoseconds that count. */
  @FunctionalInterface
  public interface Timed {
    long nanos();
  }

  /**
   * Times two pieces of work in alternation (a, b, a, b, ...), so that a change in the machine's
   * load during the run falls on both alike.
   *
   * @return {@code [a, b]} in milliseconds divided by {@code per}
   */
  public Samples[] interleaved(Runnable a, Runnable b, double per) {
    return interleavedTimed(timing(a), timing(b), per);
  }

  /** As {@link #interleaved}, for work that times itself. */
  public Samples[] interleavedTimed(Timed a, Timed b, double per) {
    for (int i = 0; i < warmup; i++) {
      a.nanos();
      b.nanos();
    }
    List<Double> ta = new ArrayList<>(repeats);
    List<Double> tb = new ArrayList<>(repeats);
    for (int i = 0; i < repeats; i++) {
      waitBeforeRun();
      ta.add(a.nanos() / 1e6 / per);
      waitBeforeRun();
      tb.add(b.nanos() / 1e6 / per);
    }
    return new Samples[] {Samples.of(ta), Samples.of(tb)};
  }

  private void waitBeforeRun() {
    if (pause.isZero()) {
      return;
    }
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted between timed runs", e);
    }
  }

  private static Timed timing(Runnable work) {
    return () -> {
      long t0 = System.nanoTime();
      work.run();
      return System.nanoTime() - t0;
    };
  }
}
