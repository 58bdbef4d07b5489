package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What training (issue 4) relies on: the forward pass is differentiable with the same gradients as
 * the torch reference, and parameters save back as a checkpoint that loads to the same model.
 */
class TrainabilityTest {

  private static NDManager base;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    base.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void gradientsThroughTheWholeModelMatchTorch(String family) {
    Reference ref = Reference.load(family);
    Reference.Case c = ref.cases().get(0);
    try (TokenClassifier model =
        EncoderModels.loadTokenClassifier(Reference.headsDir(family), base)) {
      model.encoder().parameters().setRequiresGradient(true);
      try (NDManager step = base.newSubManager()) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = model.logits(c.ids(step), c.mask(step), c.types(step)); // (B, T, L)
          float[] w = new float[(int) logits.size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
          }
          NDArray loss = logits.mul(step.create(w, logits.getShape())).sum();
          collector.backward(loss);
        }
        for (Map.Entry<String, float[]> e : ref.gradients().entrySet()) {
          NDArray grad = model.encoder().parameters().get(e.getKey()).getGradient();
          grad.attach(step); // getGradient() makes a new handle in the weights' manager
          float[] actual = grad.toFloatArray();
          double worst = 0;
          for (int i = 0; i < actual.length; i++) {
            worst = Math.max(worst, Math.abs(actual[i] - e.getValue()[i]));
          }
          assertThat(actual).hasSameSizeAs(e.getValue());
          assertThat(worst).as("gradient of %s", e.getKey()).isLessThan(1e-3);
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bert", "distilbert", "roberta"})
  void savedParametersReloadAsTheSameModel(String family) throws IOException {
    Reference.Case c = Reference.load(family).cases().get(0);
    Path dir = Files.createDirectories(tmp.resolve(family));
    Files.copy(Reference.headsDir(family).resolve("config.json"), dir.resolve("config.json"));
    try (TokenClassifier original =
            EncoderModels.loadTokenClassifier(
                Reference.baseDir(family).resolveSibling("tiny-" + family + "-heads"), base);
        NDManager m = base.newSubManager()) {
      original.encoder().parameters().save(dir.resolve("model.safetensors"), SafetensorsDtype.F32);
      try (TokenClassifier reloaded = EncoderModels.loadTokenClassifier(dir, base)) {
        NDArray a = original.logits(c.ids(m), c.mask(m), c.types(m));
        NDArray b = reloaded.logits(c.ids(m), c.mask(m), c.types(m));
        assertThat(a.toFloatArray()).containsExactly(b.toFloatArray());
        assertThat(reloaded.encoder().parameters().asMap().keySet())
            .containsExactlyElementsOf(original.encoder().parameters().asMap().keySet());
      }
    }
  }
}
