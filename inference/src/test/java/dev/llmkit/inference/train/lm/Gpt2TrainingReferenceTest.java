package dev.llmkit.inference.train.lm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.TensorReader;
import dev.llmkit.inference.train.NamedParameter;
import dev.llmkit.inference.train.StepStats;
import dev.llmkit.inference.train.Trainer;
import dev.llmkit.inference.train.TrainingConfig;
import dev.llmkit.inference.train.TrainingListener;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Loss, gradients and two clipped AdamW steps of a tiny GPT-2 against an independent torch
 * reference ({@code src/test/python/make_lm_training_reference.py}, torch 1.13 autograd).
 */
class Gpt2TrainingReferenceTest {

  private static Path dir;
  private static JsonNode expected;
  private static long[] stream;

  @BeforeAll
  static void load() throws IOException, URISyntaxException {
    dir = Path.of(Gpt2TrainingReferenceTest.class.getResource("/reference/lm-training").toURI());
    expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    stream = new long[expected.path("stream").size()];
    for (int i = 0; i < stream.length; i++) {
      stream[i] = expected.path("stream").get(i).asLong();
    }
  }

  @Test
  void lossAndGradientsMatchTorchAutograd() throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model model = Gpt2Model.load(dir, manager);
        TensorReader reference = Safetensors.open(dir.resolve("expected.safetensors"));
        NDManager step = manager.newSubManager()) {
      LanguageModelTask task = new LanguageModelTask(model, stream, 16);
      List<NamedParameter> params = task.parameters();
      params.forEach(p -> p.array().setRequiresGradient(true));
      double loss;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray lossArray = task.loss(step, new int[] {0, 1});
        collector.backward(lossArray);
        loss = lossArray.getFloat();
      }
      assertThat(loss).isCloseTo(expected.path("loss").asDouble(), within(1e-5));
      for (NamedParameter p : params) {
        NDArray grad = p.array().getGradient();
        grad.attach(step);
        float[] want = reference.read("grad." + p.name(), step).toFloatArray();
        assertClose(p.name(), grad.toFloatArray(), want, 2e-5);
      }
      params.forEach(p -> p.array().setRequiresGradient(false));
    }
  }

  @Test
  void twoClippedAdamWStepsMatchTheReference() throws IOException {
    try (NDManager manager = NDManager.newBaseManager();
        Gpt2Model model = Gpt2Model.load(dir, manager);
        TensorReader reference = Safetensors.open(dir.resolve("expected.safetensors"))) {
      List<Double> norms = new ArrayList<>();
      TrainingConfig config =
          TrainingConfig.builder()
              .maxSteps(2)
              .batchSize(2)
              .learningRate(expected.path("lr").asDouble())
              .warmupRatio(0)
              .weightDecay(expected.path("weight_decay").asDouble())
              .epsilon(expected.path("eps").asDouble())
              .maxGradNorm(expected.path("max_grad_norm").asDouble())
              .build();
      LanguageModelTask task = new LanguageModelTask(model, stream, 16);
      new Trainer(
              config,
              new TrainingListener() {
                @Override
                public void onStep(StepStats s) {
                  norms.add(s.gradNorm());
                }
              })
          .fit(task);

      assertThat(norms.get(0))
          .isCloseTo(expected.path("grad_norms").get(0).asDouble(), within(1e-4));
      assertThat(norms.get(1))
          .isCloseTo(expected.path("grad_norms").get(1).asDouble(), within(1e-4));
      for (NamedParameter p : task.parameters()) {
        float[] want = reference.read("trained." + p.name(), manager).toFloatArray();
        assertClose(p.name(), p.array().toFloatArray(), want, 1e-4);
      }
    }
  }

  private static void assertClose(String name, float[] actual, float[] expected, double atol) {
    assertThat(actual).as(name).hasSameSizeAs(expected);
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
    }
    assertThat(worst).as(name + " max abs difference").isLessThan(atol);
  }
}
