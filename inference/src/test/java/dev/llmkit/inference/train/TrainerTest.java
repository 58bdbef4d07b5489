package dev.llmkit.inference.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

  private static TrainingConfig.Builder toyConfig() {
    return TrainingConfig.builder()
        .batchSize(8)
        .learningRate(0.05)
        .warmupRatio(0.1)
        .epochs(3)
        .poolBatches(4)
        .seed(11);
  }

  /** Records every step's stats. */
  private static final class Recorder implements TrainingListener {
    final List<StepStats> steps = new ArrayList<>();
    final List<Integer> checkpoints = new ArrayList<>();

    @Override
    public void onStep(StepStats stats) {
      steps.add(stats);
    }

    @Override
    public void onCheckpoint(int step, Path directory) {
      checkpoints.add(step);
    }
  }

  @Test
  void aFewEpochsLowerTheLossOnAToySet() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ToyClassifier task = new ToyClassifier(manager, 96, 1, 0f);
      Recorder recorder = new Recorder();
      TrainingResult result = new Trainer(toyConfig().epochs(10).build(), recorder).fit(task);

      assertThat(result.finished()).isTrue();
      assertThat(result.completedSteps()).isEqualTo(120); // 96 / 8 = 12 batches x 10 epochs
      double first =
          recorder.steps.subList(0, 12).stream()
              .mapToDouble(StepStats::loss)
              .average()
              .orElseThrow();
      double last =
          recorder.steps.subList(108, 120).stream()
              .mapToDouble(StepStats::loss)
              .average()
              .orElseThrow();
      assertThat(last).isLessThan(first * 0.5);
      assertThat(result.tokens()).isEqualTo(10L * java.util.Arrays.stream(task.lengths()).sum());
    }
  }

  @Test
  void interruptedAndResumedRunEndsBitIdenticalToAnUninterruptedOne(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      // Uninterrupted: 3 epochs of 6 batches with dropout.
      ToyClassifier straight = new ToyClassifier(manager, 48, 1, 0.3f);
      Recorder straightSteps = new Recorder();
      new Trainer(
              toyConfig().checkpointDir(dir.resolve("a")).checkpointEvery(4).build(), straightSteps)
          .fit(straight);

      // Interrupted twice (after step 5, mid-epoch, and after step 13), each time resumed by a
      // fresh model with different initial weights, as a new process would.
      Path b = dir.resolve("b");
      TrainingConfig.Builder split = toyConfig().checkpointDir(b).checkpointEvery(4);
      TrainingResult first =
          new Trainer(split.stopAfterStep(5).build(), TrainingListener.NONE)
              .fit(new ToyClassifier(manager, 48, 1, 0.3f));
      assertThat(first.finished()).isFalse();
      assertThat(first.completedSteps()).isEqualTo(5);
      new Trainer(split.stopAfterStep(13).resume(true).build(), TrainingListener.NONE)
          .fit(new ToyClassifier(manager, 48, 99, 0.3f));
      ToyClassifier resumed = new ToyClassifier(manager, 48, 123, 0.3f);
      Recorder resumedSteps = new Recorder();
      TrainingResult last =
          new Trainer(split.stopAfterStep(0).resume(true).build(), resumedSteps).fit(resumed);

      assertThat(last.finished()).isTrue();
      assertThat(last.completedSteps()).isEqualTo(18);
      for (int i = 0; i < straight.parameters().size(); i++) {
        float[] expected = straight.parameters().get(i).array().toFloatArray();
        float[] actual = resumed.parameters().get(i).array().toFloatArray();
        assertThat(actual).as(straight.parameters().get(i).name()).isEqualTo(expected);
      }
      // The resumed process ran steps 14..18 with exactly the losses of the straight run.
      assertThat(resumedSteps.steps)
          .extracting(StepStats::loss)
          .containsExactlyElementsOf(
              straightSteps.steps.subList(13, 18).stream().map(StepStats::loss).toList());
    }
  }

  @Test
  void oneAdamWStepMatchesTheHandComputedUpdate() {
    // loss = sum(w * c), so the gradient is c. First AdamW step (t = 1): m = 0.1 c,
    // v = 0.001 c^2, step = lr * sqrt(1 - 0.999) / (1 - 0.9) * m / (sqrt(v) + eps) = lr * sign(c)
    // (up to eps), after decoupled decay w *= 1 - lr * wd.
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray w = manager.create(new float[] {1f, -2f});
      TrainingTask linear =
          new TrainingTask() {
            @Override
            public List<NamedParameter> parameters() {
              return List.of(new NamedParameter("w", w, true));
            }

            @Override
            public int[] lengths() {
              return new int[] {1};
            }

            @Override
            public NDArray loss(NDManager m, int[] examples) {
              return w.mul(m.create(new float[] {3f, -0.5f})).sum();
            }
          };
      TrainingConfig config =
          TrainingConfig.builder()
              .maxSteps(1)
              .learningRate(0.1)
              .warmupRatio(0)
              .weightDecay(0.01)
              .maxGradNorm(0)
              .build();
      Recorder recorder = new Recorder();
      new Trainer(config, recorder).fit(linear);

      float[] updated = w.toFloatArray();
      assertThat((double) updated[0]).isCloseTo(1 * (1 - 0.1 * 0.01) - 0.1, within(1e-5));
      assertThat((double) updated[1]).isCloseTo(-2 * (1 - 0.1 * 0.01) + 0.1, within(1e-5));
      // Reported norm is that of c = (3, -0.5) before clipping.
      assertThat(recorder.steps.get(0).gradNorm()).isCloseTo(Math.sqrt(9.25), within(1e-5));
      assertThat(w.hasGradient()).isFalse();
    }
  }

  @Test
  void trainingDoesNotLeakArraysPerStep() {
    try (NDManager manager = NDManager.newBaseManager()) {
      ToyClassifier task = new ToyClassifier(manager, 64, 1, 0.2f);
      List<Integer> counts = new ArrayList<>();
      new Trainer(
              toyConfig().epochs(2).build(),
              new TrainingListener() {
                @Override
                public void onStep(StepStats stats) {
                  counts.add(manager.getManagedArrays().size());
                }
              })
          .fit(task);
      assertThat(counts.get(counts.size() - 1)).isEqualTo(counts.get(1));
    }
  }

  @Test
  void keepsOnlyTheNewestCheckpoints(@TempDir Path dir) throws IOException {
    try (NDManager manager = NDManager.newBaseManager()) {
      Recorder recorder = new Recorder();
      new Trainer(
              toyConfig()
                  .epochs(1)
                  .checkpointDir(dir)
                  .checkpointEvery(2)
                  .keepCheckpoints(2)
                  .build(),
              recorder)
          .fit(new ToyClassifier(manager, 80, 1, 0f));

      assertThat(recorder.checkpoints).containsExactly(2, 4, 6, 8, 10);
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString()).sorted())
            .containsExactly("checkpoint-00000008", "checkpoint-00000010");
      }
      Path latest = dir.resolve("checkpoint-00000010");
      assertThat(latest.resolve(CheckpointStore.MODEL)).isRegularFile();
      assertThat(latest.resolve(CheckpointStore.OPTIMIZER)).isRegularFile();
      TrainerState state = CheckpointStore.readState(latest);
      assertThat(state.step()).isEqualTo(10);
      assertThat(state.optimizerStep()).isEqualTo(10);
      assertThat(state.epoch()).isEqualTo(1);
      assertThat(state.batchInEpoch()).isZero();
    }
  }

  @Test
  void refusesToResumeWithDifferentSettings(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      new Trainer(toyConfig().checkpointDir(dir).stopAfterStep(3).build(), TrainingListener.NONE)
          .fit(new ToyClassifier(manager, 48, 1, 0f));
      Trainer other =
          new Trainer(
              toyConfig().checkpointDir(dir).resume(true).learningRate(0.01).build(),
              TrainingListener.NONE);
      assertThatThrownBy(() -> other.fit(new ToyClassifier(manager, 48, 1, 0f)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("other settings");
    }
  }

  @Test
  void refusesAnotherLengthOfRunUnlessRescheduleIsAsked(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      new Trainer(toyConfig().checkpointDir(dir).stopAfterStep(5).build(), TrainingListener.NONE)
          .fit(new ToyClassifier(manager, 48, 1, 0f));
      Trainer shorter =
          new Trainer(
              toyConfig().checkpointDir(dir).resume(true).maxSteps(10).build(),
              TrainingListener.NONE);
      assertThatThrownBy(() -> shorter.fit(new ToyClassifier(manager, 48, 1, 0f)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("--reschedule");
    }
  }

  @Test
  void rescheduledResumeDecaysTheLearningRateToTheNewTotal(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      // First run: 3 epochs of 6 batches (18 steps), stopped after step 5.
      new Trainer(toyConfig().checkpointDir(dir).stopAfterStep(5).build(), TrainingListener.NONE)
          .fit(new ToyClassifier(manager, 48, 1, 0f));
      Recorder recorder = new Recorder();
      TrainingResult result =
          new Trainer(
                  toyConfig().checkpointDir(dir).resume(true).reschedule(true).maxSteps(10).build(),
                  recorder)
              .fit(new ToyClassifier(manager, 48, 1, 0f));

      assertThat(result.finished()).isTrue();
      assertThat(result.completedSteps()).isEqualTo(10);
      // Warm-up is ceil(10 * 0.1) = 1 step; the update of 0-based step s then uses
      // 0.05 * (10 - s) / 9, so steps 5..9 use 5/9 .. 1/9 of the peak.
      assertThat(recorder.steps).extracting(StepStats::step).containsExactly(6, 7, 8, 9, 10);
      double[] expected = {0.05 * 5 / 9, 0.05 * 4 / 9, 0.05 * 3 / 9, 0.05 * 2 / 9, 0.05 / 9};
      for (int i = 0; i < expected.length; i++) {
        assertThat(recorder.steps.get(i).learningRate()).isCloseTo(expected[i], within(1e-12));
      }
    }
  }

  @Test
  void rescheduleStillRefusesOtherChangedSettingsAndATotalAlreadyPassed(@TempDir Path dir) {
    try (NDManager manager = NDManager.newBaseManager()) {
      new Trainer(toyConfig().checkpointDir(dir).stopAfterStep(5).build(), TrainingListener.NONE)
          .fit(new ToyClassifier(manager, 48, 1, 0f));
      TrainingConfig.Builder rescheduled = toyConfig().checkpointDir(dir).resume(true);
      rescheduled.reschedule(true);
      Trainer otherRate =
          new Trainer(rescheduled.maxSteps(10).learningRate(0.01).build(), TrainingListener.NONE);
      assertThatThrownBy(() -> otherRate.fit(new ToyClassifier(manager, 48, 1, 0f)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("other settings");
      Trainer passed =
          new Trainer(rescheduled.learningRate(0.05).maxSteps(4).build(), TrainingListener.NONE);
      assertThatThrownBy(() -> passed.fit(new ToyClassifier(manager, 48, 1, 0f)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("at step 5");
    }
  }
}
