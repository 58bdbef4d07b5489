package dev.llmkit.inference.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The training loop: length-bucketed batches, AdamW with linear warm-up and decay, global-norm
 * gradient clipping, periodic checkpoints and exact resume.
 *
 * <p>Exactness: the data order of an epoch is a function of (seed, epoch) and the engine's random
 * generator is re-seeded from (seed, step) before every step, so a checkpoint needs only the
 * weights, the AdamW moments and the step count. A run stopped and resumed any number of times ends
 * with the same parameters, bit for bit, as one uninterrupted run.
 *
 * <p>Threading: PyTorch's gradient mode is per thread and DJL allows one open gradient collector,
 * so {@link #fit} runs every step on the calling thread; do not call it concurrently.
 */
public final class Trainer {

  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainingConfig config;
  private final TrainingListener listener;

  /**
   * Creates a trainer.
   *
   * @param config the run's settings
   * @param listener progress events (use {@link TrainingListener#NONE} for none)
   */
  public Trainer(TrainingConfig config, TrainingListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** Steps of a full run over {@code examples} examples with this config. */
  public int totalSteps(int examples) {
    int perEpoch = (examples + config.batchSize() - 1) / config.batchSize();
    return config.maxSteps() > 0 ? config.maxSteps() : config.epochs() * perEpoch;
  }

  /**
   * Trains until the run is complete or a stop condition ({@code stopAfterStep}, {@code
   * timeBudget}) is met, writing checkpoints along the way and one when it stops.
   *
   * @throws IllegalStateException if the loss or the gradient norm becomes NaN or infinite, or a
   *     checkpoint to resume from does not match the task or the settings
   */
  public TrainingResult fit(TrainingTask task) {
    List<NamedParameter> params = List.copyOf(task.parameters());
    checkParameters(params);
    adviseAllocator();
    int[] lengths = task.lengths();
    LengthBucketSampler sampler =
        new LengthBucketSampler(lengths, config.batchSize(), config.poolBatches(), config.seed());
    int perEpoch = sampler.batchesPerEpoch();
    int total = totalSteps(lengths.length);
    LinearWarmupSchedule schedule =
        new LinearWarmupSchedule(
            config.learningRate(), (int) Math.ceil(total * config.warmupRatio()), total);
    String fingerprint = config.fingerprint(lengths.length);
    CheckpointStore store =
        config.checkpointDir() == null ? null : new CheckpointStore(config.checkpointDir());
    NDManager manager = params.get(0).array().getManager();
    Engine engine = manager.getEngine();

    try (AdamW optimizer =
        new AdamW(
            manager, config.beta1(), config.beta2(), config.epsilon(), config.weightDecay())) {
      int step =
          config.resume()
              ? resume(store, params, optimizer, fingerprint, total, perEpoch, lengths.length)
              : 0;
      int startStep = step;
      for (NamedParameter p : params) {
        p.array().setRequiresGradient(true);
      }
      listener.onStart(step, total);
      long startNanos = System.nanoTime();
      long tokens = 0;
      double lossSum = 0;
      double lastLoss = Double.NaN;
      int cachedEpoch = -1;
      List<int[]> batches = List.of();
      int lastSaved = -1;
      while (step < total && !shouldStop(step, startNanos)) {
        int epoch = step / perEpoch;
        if (epoch != cachedEpoch) {
          batches = sampler.epoch(epoch);
          cachedEpoch = epoch;
        }
        int[] batch = batches.get(step % perEpoch);
        engine.setRandomSeed(stepSeed(config.seed(), step));
        double lr = schedule.at(step);
        double[] lossAndNorm = step(task, params, optimizer, manager, engine, batch, lr);
        step++;
        lastLoss = lossAndNorm[0];
        lossSum += lastLoss;
        tokens += sampler.tokens(batch);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
        long etaNanos = (long) (elapsed.toNanos() / (double) (step - startStep) * (total - step));
        listener.onStep(
            new StepStats(
                step,
                total,
                epoch,
                lastLoss,
                lr,
                lossAndNorm[1],
                tokens / seconds,
                elapsed,
                Duration.ofNanos(etaNanos)));
        if (store != null && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
          save(store, params, optimizer, step, total, perEpoch, lastLoss, fingerprint);
          lastSaved = step;
        }
      }
      if (store != null && step > startStep && lastSaved != step) {
        save(store, params, optimizer, step, total, perEpoch, lastLoss, fingerprint);
      }
      for (NamedParameter p : params) {
        p.array().setRequiresGradient(false);
      }
      int ran = step - startStep;
      TrainingResult result =
          new TrainingResult(
              step,
              total,
              step >= total,
              lastLoss,
              ran == 0 ? Double.NaN : lossSum / ran,
              tokens,
              Duration.ofNanos(System.nanoTime() - startNanos));
      listener.onEnd(result);
      return result;
    }
  }

  /**
   * Training frees and allocates the same large tensors every step; under glibc's defaults each
   * step page-faults them in again. The {@code llmkit} launcher sets {@code GLIBC_TUNABLES} for
   * training; a JVM started otherwise is told how to get the same speed.
   */
  private static void adviseAllocator() {
    if (System.getProperty("os.name", "").startsWith("Linux")
        && System.getenv("GLIBC_TUNABLES") == null) {
      LOG.info(
          "GLIBC_TUNABLES is not set: steps may run about 1.5x slower than under the llmkit"
              + " launcher, which sets glibc.malloc.arena_max=1:glibc.malloc.mmap_max=0:"
              + "glibc.malloc.trim_threshold=68719476736 for training");
    }
  }

  /** One optimizer step; returns {loss, gradient norm before clipping}. */
  private double[] step(
      TrainingTask task,
      List<NamedParameter> params,
      AdamW optimizer,
      NDManager manager,
      Engine engine,
      int[] batch,
      double lr) {
    try (NDManager stepManager = manager.newSubManager()) {
      double loss;
      try (GradientCollector collector = engine.newGradientCollector()) {
        NDArray lossArray = task.loss(stepManager, batch);
        if (lossArray.size() != 1) {
          throw new IllegalStateException("loss must be a scalar, got " + lossArray.getShape());
        }
        collector.backward(lossArray);
        loss = lossArray.toType(DataType.FLOAT64, false).getDouble();
      }
      List<NDArray> grads = new ArrayList<>(params.size());
      NDList squares = new NDList(params.size());
      for (NamedParameter p : params) {
        NDArray g = p.array().getGradient(); // a new handle per call: owned by the step
        g.attach(stepManager);
        grads.add(g);
        squares.add(g.square().sum());
      }
      double norm =
          Math.sqrt(NDArrays.stack(squares).sum().toType(DataType.FLOAT64, false).getDouble());
      if (!Double.isFinite(loss) || !Double.isFinite(norm)) {
        throw new IllegalStateException(
            "training diverged: loss " + loss + ", gradient norm " + norm);
      }
      // torch.nn.utils.clip_grad_norm_: scale by max_norm / (norm + 1e-6), never above 1.
      double scale =
          config.maxGradNorm() > 0 ? Math.min(1.0, config.maxGradNorm() / (norm + 1e-6)) : 1.0;
      optimizer.update(params, grads, lr, scale);
      return new double[] {loss, norm};
    }
  }

  private int resume(
      CheckpointStore store,
      List<NamedParameter> params,
      AdamW optimizer,
      String fingerprint,
      int total,
      int perEpoch,
      int examples) {
    Optional<Path> latest = store.latest();
    if (latest.isEmpty()) {
      LOG.info("no checkpoint in {}: starting from step 0", config.checkpointDir());
      return 0;
    }
    TrainerState state = CheckpointStore.readState(latest.get());
    boolean same = state.fingerprint().equals(fingerprint) && state.totalSteps() == total;
    if (!same && !(config.reschedule() && sameButForLength(state, perEpoch, examples))) {
      throw new IllegalStateException(
          latest.get()
              + " was written with other settings or data; resume with the same settings"
              + (config.reschedule() ? "" : " (or only another --max-steps, with --reschedule)")
              + ", or choose a new checkpoint directory");
    }
    if (state.step() >= total) {
      throw new IllegalStateException(
          latest.get() + " is at step " + state.step() + ", not before the new total " + total);
    }
    CheckpointStore.restore(latest.get(), state, params, optimizer);
    if (!same) {
      LOG.info(
          "rescheduled: {} was written for {} steps; the learning rate now decays to step {}",
          latest.get(),
          state.totalSteps(),
          total);
    }
    LOG.info("resumed from {} at step {}/{}", latest.get(), state.step(), total);
    return state.step();
  }

  /** Whether the checkpoint's run differs from this one only in its length. */
  private boolean sameButForLength(TrainerState state, int perEpoch, int examples) {
    int written = state.totalSteps();
    boolean asSteps =
        state.fingerprint().equals(config.fingerprint(config.epochs(), written, examples));
    boolean asEpochs =
        written % perEpoch == 0
            && state.fingerprint().equals(config.fingerprint(written / perEpoch, 0, examples));
    return asSteps || asEpochs;
  }

  private void save(
      CheckpointStore store,
      List<NamedParameter> params,
      AdamW optimizer,
      int step,
      int total,
      int perEpoch,
      double lastLoss,
      String fingerprint) {
    TrainerState state =
        new TrainerState(
            step,
            total,
            step / perEpoch,
            step % perEpoch,
            optimizer.step(),
            config.seed(),
            lastLoss,
            fingerprint);
    Path dir = store.save(state, params, optimizer, config.keepCheckpoints());
    listener.onCheckpoint(step, dir);
  }

  private boolean shouldStop(int step, long startNanos) {
    if (config.stopAfterStep() > 0 && step >= config.stopAfterStep()) {
      return true;
    }
    return config.timeBudget() != null
        && System.nanoTime() - startNanos >= config.timeBudget().toNanos();
  }

  private static int stepSeed(long seed, int step) {
    return Long.hashCode(seed * 0x9E3779B97F4A7C15L + step);
  }

  private static void checkParameters(List<NamedParameter> params) {
    if (params.isEmpty()) {
      throw new IllegalArgumentException("nothing to train: the task lists no parameters");
    }
    Set<String> names = new HashSet<>();
    for (NamedParameter p : params) {
      if (!names.add(p.name())) {
        throw new IllegalArgumentException("duplicate parameter name " + p.name());
      }
      if (p.array().getDataType() != DataType.FLOAT32) {
        throw new IllegalArgumentException(
            p.name() + " is " + p.array().getDataType() + ", train in float32");
      }
    }
  }
}
