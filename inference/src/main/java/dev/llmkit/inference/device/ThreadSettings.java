package dev.llmkit.inference.device;

import java.util.OptionalInt;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch CPU thread counts. DJL's PyTorch engine reads them from system properties once, when it
 * starts, so {@link #apply()} must run before the first {@code Engine.getInstance()} (or any
 * NDManager creation). Intra-op threads matter (2 threads ≈ 1.8× one on these machines); inter-op
 * threads rarely do.
 *
 * @param numThreads intra-op threads ({@code ai.djl.pytorch.num_threads}); empty keeps the default
 *     (PyTorch: number of cores)
 * @param interopThreads inter-op threads ({@code ai.djl.pytorch.num_interop_threads}); empty keeps
 *     the default
 */
public record ThreadSettings(OptionalInt numThreads, OptionalInt interopThreads) {

  /** System property DJL reads for intra-op threads. */
  public static final String NUM_THREADS = "ai.djl.pytorch.num_threads";

  /** System property DJL reads for inter-op threads. */
  public static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

  private static final Logger LOG = LoggerFactory.getLogger(ThreadSettings.class);

  /** Validates that given counts are positive. */
  public ThreadSettings {
    requirePositive(numThreads, "numThreads");
    requirePositive(interopThreads, "interopThreads");
  }

  /** Leaves both counts to DJL's defaults. */
  public static ThreadSettings defaults() {
    return new ThreadSettings(OptionalInt.empty(), OptionalInt.empty());
  }

  /**
   * @return a builder with both counts unset
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The intra-op threads of the running PyTorch engine, starting it if needed. */
  public static int engineThreads() {
    ai.djl.engine.Engine.getInstance();
    return ai.djl.pytorch.jni.JniUtils.getNumThreads();
  }

  /** Sets the system properties DJL reads at engine start. */
  public void apply() {
    applyTo(System.getProperties());
  }

  /**
   * Writes the configured counts into {@code properties}; unset counts leave existing values alone.
   *
   * @param properties usually {@link System#getProperties()}
   */
  public void applyTo(Properties properties) {
    set(properties, NUM_THREADS, numThreads);
    set(properties, NUM_INTEROP_THREADS, interopThreads);
  }

  private static void set(Properties properties, String key, OptionalInt value) {
    if (value.isPresent()) {
      String old = properties.getProperty(key);
      String now = Integer.toString(value.getAsInt());
      if (old != null && !old.equals(now)) {
        LOG.debug("overriding {}={} with {}", key, old, now);
      }
      properties.setProperty(key, now);
    }
  }

  private static void requirePositive(OptionalInt value, String name) {
    if (value == null) {
      throw new NullPointerException(name);
    }
    if (value.isPresent() && value.getAsInt() < 1) {
      throw new DeviceException(name + " must be >= 1, got " + value.getAsInt());
    }
  }

  /** LangChain4j-style builder. */
  public static final class Builder {
    private OptionalInt numThreads = OptionalInt.empty();
    private OptionalInt interopThreads = OptionalInt.empty();

    private Builder() {}

    /**
     * @param threads intra-op threads, at least 1
     * @return this builder
     */
    public Builder numThreads(int threads) {
      this.numThreads = OptionalInt.of(threads);
      return this;
    }

    /**
     * @param threads inter-op threads, at least 1
     * @return this builder
     */
    public Builder interopThreads(int threads) {
      this.interopThreads = OptionalInt.of(threads);
      return this;
    }

    /**
     * @return the validated settings
     */
    public ThreadSettings build() {
      return new ThreadSettings(numThreads, interopThreads);
    }
  }
}
