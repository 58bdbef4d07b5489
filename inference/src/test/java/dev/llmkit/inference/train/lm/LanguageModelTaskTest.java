package dev.llmkit.inference.train.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Config;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.StepStats;
import dev.llmkit.inference.train.Trainer;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LanguageModelTaskTest {

  private static final int VOCAB = 40;
  private static final Gpt2Config TINY =
      new Gpt2Config(32, 2, 4, 16, 16, 128, VOCAB, 1e-5, Activation.GELU_TANH, 0, 0, true);

  private static Gpt2Model tinyModel(NDManager manager, int seed) {
    Engine.getInstance().setRandomSeed(seed);
    NDManager weights = manager.newSubManager();
    return new Gpt2Model(TINY, Gpt2Init.randomWeights(TINY, weights), weights);
  }

  /** A learnable stream: runs of 2..5 tokens each counting upwards from a random start. */
  private static long[] countingStream(int length) {
    Random r = new Random(5);
    long[] tokens = new long[length];
    int i = 0;
    while (i < length) {
      int start = 1 + r.nextInt(VOCAB - 6);
      int run = 2 + r.nextInt(4);
      for (int k = 0; k < run && i < length; k++) {
        tokens[i++] = start + k;
      }
    }
    return tokens;
  }

  @Test
  void anUntrainedModelScoresCloseToLnVocabularySize() {
    // With N(0, 0.02) weights all logits are near 0, so p is near uniform: loss ~ ln 40 = 3.689.
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model model = tinyModel(manager, 1);
        NDManager step = manager.newSubManager()) {
      LanguageModelTask task = new LanguageModelTask(model, countingStream(400), 16);
      double loss = task.loss(step, new int[] {0, 1, 2, 3}).getFloat();
      assertThat(loss).isCloseTo(Math.log(VOCAB), within(0.05));
    }
  }

  @Test
  void aFewEpochsLowerTheLoss() {
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model model = tinyModel(manager, 1)) {
      LanguageModelTask task = new LanguageModelTask(model, countingStream(16 * 64 + 1), 16);
      List<Double> losses = new ArrayList<>();
      new Trainer(
              TrainingConfig.builder().batchSize(8).learningRate(1e-2).epochs(6).seed(3).build(),
              new TrainingListener() {
                @Override
                public void onStep(StepStats s) {
                  losses.add(s.loss());
                }
              })
          .fit(task);
      double first = losses.subList(0, 8).stream().mapToDouble(d -> d).average().orElseThrow();
      double last =
          losses.subList(losses.size() - 8, losses.size()).stream()
              .mapToDouble(d -> d)
              .average()
              .orElseThrow();
      assertThat(losses).hasSize(48);
      assertThat(last).isLessThan(first * 0.6);
    }
  }

  @Test
  void resumedTrainingEndsBitIdentical(@TempDir Path dir) {
    long[] stream = countingStream(16 * 24 + 1);
    TrainingConfig.Builder config =
        TrainingConfig.builder().batchSize(4).learningRate(3e-3).epochs(1).seed(3);
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model straight = tinyModel(manager, 1);
        Gpt2Model first = tinyModel(manager, 1);
        Gpt2Model second = tinyModel(manager, 2)) {
      new Trainer(config.build(), TrainingListener.NONE)
          .fit(new LanguageModelTask(straight, stream, 16));
      config.checkpointDir(dir);
      new Trainer(config.stopAfterStep(3).build(), TrainingListener.NONE)
          .fit(new LanguageModelTask(first, stream, 16));
      new Trainer(config.stopAfterStep(0).resume(true).build(), TrainingListener.NONE)
          .fit(new LanguageModelTask(second, stream, 16));

      List<NamedParameter> expected = Gpt2Export.parameters(straight.weights());
      List<NamedParameter> actual = Gpt2Export.parameters(second.weights());
      for (int i = 0; i < expected.size(); i++) {
        assertThat(actual.get(i).array().toFloatArray())
            .as(expected.get(i).name())
            .isEqualTo(expected.get(i).array().toFloatArray());
      }
    }
  }

  @Test
  void anExportedModelReloadsWithIdenticalLogits(@TempDir Path dir) throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model model = tinyModel(manager, 4)) {
      Gpt2Export.save(TINY, model.weights(), dir, SafetensorsDtype.F32);
      try (Gpt2Model reloaded = Gpt2Model.load(dir, manager);
          NDManager request = manager.newSubManager()) {
        NDArray ids = request.create(new long[] {1, 5, 7, 39, 0, 2}, new Shape(2, 3));
        assertThat(reloaded.config()).isEqualTo(TINY);
        assertThat(reloaded.logits(ids, null).toFloatArray())
            .isEqualTo(model.logits(ids, null).toFloatArray());
      }
    }
  }
}
