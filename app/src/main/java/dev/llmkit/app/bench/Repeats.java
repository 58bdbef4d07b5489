package dev.llmkit.app.bench;

import java.util.ArrayList;
import java.util.List;

/** Times a piece of work: some warm-up runs, then repeated timed runs. */
public record Repeats(int warmup, int repeats) {

  /** Checks the counts. */
  public Repeats {
    if (warmup < 0 || repeats < 1) {
      throw new IllegalArgumentException(
          "warmup >= 0 and repeats >= 1, got " + warmup + ", " + repeats);
    }
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
      ta.add(a.nanos() / 1e6 / per);
      tb.add(b.nanos() / 1e6 / per);
    }
    return new Samples[] {Samples.of(ta), Samples.of(tb)};
  }

  private static Timed timing(Runnable work) {
    return () -> {
      long t0 = System.nanoTime();
      work.run();
      return System.nanoTime() - t0;
    };
  }
}
