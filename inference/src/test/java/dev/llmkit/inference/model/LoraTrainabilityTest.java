package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LoRA's gradients against torch autograd. With {@code B = 0} (PEFT's initialisation) or {@code A =
 * 0} the adapted model computes exactly the base model, so the torch gradient of the base weight
 * {@code G = dL/dW} recorded in {@code bert-expected.json} still applies, and the chain rule fixes
 * the adapter's: {@code dL/dB = s · G Aᵀ} and {@code dL/dA = s · Bᵀ G} with {@code s = alpha / r}.
 */
class LoraTrainabilityTest {

  private static final String QUERY = "bert.encoder.layer.0.attention.self.query";
  private static NDManager base;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    base.close();
  }

  @Test
  void withBZeroTheGradientOfBIsTheTorchWeightGradientTimesATransposed() {
    Gradients g = gradients(true);
    double[][] expected = multiply(g.torchG, transpose(g.a)); // (out, r)
    scale(expected, g.scaling);
    assertClose(g.gradB, expected);
    assertThat(max(g.gradA)).isZero();
  }

  @Test
  void withAZeroTheGradientOfAIsBTransposedTimesTheTorchWeightGradient() {
    Gradients g = gradients(false);
    double[][] expected = multiply(transpose(g.b), g.torchG); // (r, in)
    scale(expected, g.scaling);
    assertClose(g.gradA, expected);
    assertThat(max(g.gradB)).isZero();
  }

  @Test
  void theFrozenBaseWeightGetsNoGradient() {
    try (TokenClassifier model =
        loraModel(new LoraConfig("b", 2, 4, 0, List.of("query"), List.of(), null))) {
      assertThat(model.encoder().parameters().get(QUERY + ".weight").hasGradient()).isFalse();
      assertThat(model.encoder().parameters().asMap().keySet())
          .contains(QUERY + ".lora_A.weight", QUERY + ".lora_B.weight")
          .doesNotContain("bert.encoder.layer.0.attention.self.key.lora_A.weight");
    }
  }

  private record Gradients(
      double[][] torchG,
      double[][] a,
      double[][] b,
      double[][] gradA,
      double[][] gradB,
      double scaling) {}

  /** Runs TrainabilityTest's loss through a LoRA model with B = 0 ({@code zeroB}) or A = 0. */
  private static Gradients gradients(boolean zeroB) {
    Reference ref = Reference.load("bert");
    Reference.Case c = ref.cases().get(0);
    LoraConfig config = new LoraConfig("b", 3, 6, 0, List.of("query", "value"), List.of(), null);
    try (TokenClassifier model = loraModel(config)) {
      NDArray a = model.encoder().parameters().get(QUERY + ".lora_A.weight");
      NDArray b = model.encoder().parameters().get(QUERY + ".lora_B.weight");
      int out = (int) b.getShape().get(0);
      int in = (int) a.getShape().get(1);
      if (zeroB) {
        b.set(new float[out * 3]);
      } else {
        float[] values = new float[out * 3];
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) Math.cos(0.7 * i);
        }
        b.set(values);
        a.set(new float[3 * in]);
      }
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      double[][] aValues = matrix(a.toFloatArray(), 3, in);
      double[][] bValues = matrix(b.toFloatArray(), out, 3);
      try (NDManager step = base.newSubManager()) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          NDArray logits = model.logits(c.ids(step), c.mask(step), c.types(step)); // (B, T, L)
          float[] w = new float[(int) logits.size()];
          for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i);
          }
          collector.backward(logits.mul(step.create(w, logits.getShape())).sum());
        }
        NDArray gradA = a.getGradient();
        gradA.attach(step);
        NDArray gradB = b.getGradient();
        gradB.attach(step);
        return new Gradients(
            matrix(ref.gradients().get(QUERY + ".weight"), out, in),
            aValues,
            bValues,
            matrix(gradA.toFloatArray(), 3, in),
            matrix(gradB.toFloatArray(), out, 3),
            config.scaling());
      }
    }
  }

  /** The reference token classifier with fresh LoRA updates. */
  private static TokenClassifier loraModel(LoraConfig config) {
    java.nio.file.Path dir = Reference.headsDir("bert");
    Encoder encoder = EncoderModels.loadEncoderForTraining(dir, base, config, null, 0);
    try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
      NDManager m = encoder.parameters().manager();
      Linear classifier =
          new Linear(
              encoder.parameters().register("classifier.weight", st.read("classifier.weight", m)),
              encoder.parameters().register("classifier.bias", st.read("classifier.bias", m)));
      return new TokenClassifier(
          encoder, classifier, Labels.generic((int) classifier.outFeatures()));
    }
  }

  private static double[][] matrix(float[] flat, int rows, int cols) {
    assertThat(flat).hasSize(rows * cols);
    double[][] m = new double[rows][cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        m[r][c] = flat[r * cols + c];
      }
    }
    return m;
  }

  private static double[][] transpose(double[][] m) {
    double[][] t = new double[m[0].length][m.length];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < m[0].length; c++) {
        t[c][r] = m[r][c];
      }
    }
    return t;
  }

  private static double[][] multiply(double[][] x, double[][] y) {
    double[][] out = new double[x.length][y[0].length];
    for (int i = 0; i < x.length; i++) {
      for (int k = 0; k < y.length; k++) {
        for (int j = 0; j < y[0].length; j++) {
          out[i][j] += x[i][k] * y[k][j];
        }
      }
    }
    return out;
  }

  private static void scale(double[][] m, double s) {
    for (double[] row : m) {
      for (int j = 0; j < row.length; j++) {
        row[j] *= s;
      }
    }
  }

  private static double max(double[][] m) {
    double worst = 0;
    for (double[] row : m) {
      for (double v : row) {
        worst = Math.max(worst, Math.abs(v));
      }
    }
    return worst;
  }

  private static void assertClose(double[][] actual, double[][] expected) {
    assertThat(actual.length).isEqualTo(expected.length);
    double scale = Math.max(1e-6, max(expected));
    double worst = 0;
    for (int i = 0; i < actual.length; i++) {
      for (int j = 0; j < actual[0].length; j++) {
        worst = Math.max(worst, Math.abs(actual[i][j] - expected[i][j]));
      }
    }
    assertThat(scale).as("a non-trivial expected gradient").isGreaterThan(1e-4);
    assertThat(worst / scale).as("relative error").isLessThan(1e-3);
  }
}
