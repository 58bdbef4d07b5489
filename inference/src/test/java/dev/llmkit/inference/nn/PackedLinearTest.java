package dev.llmkit.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.llmkit.inference.device.CpuFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/** Linear layers on weights packed for oneDNN, checked against plain Java arithmetic. */
class PackedLinearTest {

  private static final Random RANDOM = new Random(7);

  @Test
  void theKernelsLoadOnTheCpuEngine() {
    assertThat(TorchKernels.get()).isNotNull();
  }

  @Test
  void aPackedLayerComputesXWTransposedPlusBiasForAnyLeadingShape() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = random(24 * 40);
      float[] b = random(24);
      Linear layer =
          new Linear(m.create(w, new Shape(24, 40)), m.create(b), null, new PackedWeight());
      for (Shape shape : List.of(new Shape(1, 40), new Shape(33, 40), new Shape(3, 17, 40))) {
        float[] x = random((int) shape.size());
        NDArray y = layer.forward(m.create(x, shape));
        assertThat(y.getShape()).isEqualTo(shape.slice(0, shape.dimension() - 1).add(24));
        assertClose(y.toFloatArray(), reference(x, w, b, 40, 24), 1e-4);
      }
      assertThat(layer.packed().isPacked()).isTrue();
    }
  }

  @Test
  void aLayerWithoutBiasRunsThePlainOperator() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = random(8 * 16);
      float[] x = random(5 * 16);
      Linear layer = new Linear(m.create(w, new Shape(8, 16)), null, null, new PackedWeight());
      NDArray y = layer.forward(m.create(x, new Shape(5, 16)));
      assertClose(y.toFloatArray(), reference(x, w, null, 16, 8), 1e-4);
      assertThat(layer.packed().isPacked()).isFalse();
    }
  }

  @Test
  void fusedActivationsAndResidualsMatchTheOpsTheyReplace() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = random(48 * 32);
      float[] b = random(48);
      float[] x = random(2 * 9 * 32);
      float[] r = random(2 * 9 * 48);
      Linear layer =
          new Linear(m.create(w, new Shape(48, 32)), m.create(b), null, new PackedWeight());
      NDArray input = m.create(x, new Shape(2, 9, 32));
      float[] linear = reference(x, w, b, 32, 48);
      for (Activation activation : Activation.values()) {
        // the activations themselves run as PyTorch's ops on the reference product
        float[] expected = activation.apply(m.create(linear, new Shape(2, 9, 48))).toFloatArray();
        assertClose(layer.forward(input, activation).toFloatArray(), expected, 1e-4);
      }
      float[] plus = linear.clone();
      for (int i = 0; i < plus.length; i++) {
        plus[i] += r[i];
      }
      NDArray residual = m.create(r, new Shape(2, 9, 48));
      assertClose(layer.forwardPlus(input, residual).toFloatArray(), plus, 1e-4);
      assertThat(residual.toFloatArray()).containsExactly(r); // read, not summed into
      assertThat(layer.packed().isPacked()).isTrue();
    }
  }

  @Test
  void aBfloat16LayerMultipliesBfloat16RoundedInputsAndAddsTheResidualInFloat32() {
    assumeTrue(CpuFeatures.host().bfloat16(), "the CPU has no bfloat16 instructions");
    try (NDManager m = NDManager.newBaseManager()) {
      int in = 64;
      int out = 40;
      float[] w = random(out * in);
      float[] b = random(out);
      float[] x = random(3 * 5 * in);
      float[] r = random(3 * 5 * out);
      Linear layer =
          new Linear(m.create(w, new Shape(out, in)), m.create(b), null, PackedWeight.bfloat16());
      NDArray input = m.create(x, new Shape(3, 5, in));

      float[] y = layer.forward(input).toFloatArray();
      // the product of the rounded inputs, exact in double, then rounded once more on output
      float[] rounded = reference(toBfloat16(x), toBfloat16(w), toBfloat16(b), in, out);
      float[] expected = toBfloat16(rounded);
      assertClose(y, expected, 1.0 / 128); // one bfloat16 step: 8 significant bits
      float[] exact = reference(x, w, b, in, out);
      assertThat(maxRelativeDiff(y, exact))
          .as("really bfloat16, not float32")
          .isGreaterThan(1e-4)
          .isLessThan(0.05);

      NDArray residual = m.create(r, new Shape(3, 5, out));
      float[] plus = layer.forwardPlus(input, residual).toFloatArray();
      for (int i = 0; i < plus.length; i++) {
        expected[i] += r[i]; // the residual itself is not rounded
      }
      assertClose(plus, expected, 1.0 / 128);
      assertThat(layer.packed().isPacked()).isTrue();
      assertThat(layer.weight().getDataType()).isEqualTo(DataType.FLOAT32);
    }
  }

  @Test
  void anInt8LayerMultipliesPerChannelQuantizedWeightsByPerCallQuantizedInputs() {
    assumeTrue(CpuFeatures.host().int8(), "the CPU has no AVX2 for FBGEMM");
    try (NDManager m = NDManager.newBaseManager()) {
      int in = 64;
      int out = 40;
      float[] w = random(out * in);
      float[] b = random(out);
      float[] x = random(4 * 6 * in);
      float[] r = random(4 * 6 * out);
      Linear layer =
          new Linear(m.create(w, new Shape(out, in)), m.create(b), null, PackedWeight.int8());
      NDArray input = m.create(x, new Shape(4, 6, in));

      float[] y = layer.forward(input).toFloatArray();
      // weights: symmetric int8 per output row; input: asymmetric uint8 over its own range
      int levels = CpuFeatures.host().vnni() ? 255 : 127;
      float[] expected = reference(quantizeInput(x, levels), quantizeRows(w, in), b, in, out);
      assertClose(y, expected, 1e-3);
      float[] exact = reference(x, w, b, in, out);
      assertThat(maxRelativeDiff(y, exact))
          .as("really int8, not float32")
          .isGreaterThan(1e-3)
          .isLessThan(0.5); // input steps of 1/255 of its range, 64 terms a sum

      float[] gelu =
          layer.forward(input, Activation.GELU).toFloatArray(); // GELU of the int8 product
      float[] expectedGelu =
          Activation.GELU.apply(m.create(expected, new Shape(4, 6, out))).toFloatArray();
      assertClose(gelu, expectedGelu, 1e-3);

      NDArray residual = m.create(r, new Shape(4, 6, out));
      float[] plus = layer.forwardPlus(input, residual).toFloatArray();
      for (int i = 0; i < plus.length; i++) {
        expected[i] += r[i];
      }
      assertClose(plus, expected, 1e-3);
      assertThat(layer.packed().isPacked()).isTrue();
    }
  }

  @Test
  void aWeightBeingTrainedIsNotPackedAndTheCopyMadeBeforeIsDropped() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = random(6 * 4);
      float[] b = random(6);
      float[] x = random(3 * 4);
      NDArray weight = m.create(w, new Shape(6, 4));
      Linear layer = new Linear(weight, m.create(b), null, new PackedWeight());
      NDArray input = m.create(x, new Shape(3, 4));
      layer.forward(input);
      assertThat(layer.packed().isPacked()).isTrue();

      weight.setRequiresGradient(true); // what the trainer does before its first step
      assertClose(layer.forward(input).toFloatArray(), reference(x, w, b, 4, 6), 1e-5);
      assertThat(layer.packed().isPacked()).isFalse();

      weight.setRequiresGradient(false); // training ends: the weights changed in place
      for (int i = 0; i < w.length; i++) {
        w[i] += 0.5f;
      }
      weight.set(w);
      assertClose(layer.forward(input).toFloatArray(), reference(x, w, b, 4, 6), 1e-5);
      assertThat(layer.packed().isPacked()).isTrue();
    }
  }

  @Test
  void anInputThatRequiresGradientGetsItThroughThePlainOperator() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] w = random(3 * 2);
      Linear layer =
          new Linear(m.create(w, new Shape(3, 2)), m.zeros(new Shape(3)), null, new PackedWeight());
      NDArray x = m.create(random(2), new Shape(1, 2));
      x.setRequiresGradient(true);
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        collector.backward(layer.forward(x).sum());
      }
      // d(sum(x W^T))/dx_j = sum_i W_ij
      float[] grad = x.getGradient().toFloatArray();
      assertThat((double) grad[0]).isCloseTo(w[0] + w[2] + w[4], within(1e-5));
      assertThat((double) grad[1]).isCloseTo(w[1] + w[3] + w[5], within(1e-5));
      assertThat(layer.packed().isPacked()).isFalse();
    }
  }

  @Test
  void layersMadePerCallAreNeverPacked() {
    try (NDManager m = NDManager.newBaseManager()) {
      Linear layer = new Linear(m.ones(new Shape(2, 2)), null);
      assertThat(layer.packed()).isNull();
      assertThat(layer.forward(m.create(new float[] {1, 2}, new Shape(1, 2))).toFloatArray())
          .containsExactly(3, 3);
    }
  }

  @Test
  void theArchiveHasTheLayoutOfTorchJitSave() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TorchScriptArchive.write("class Kernels(Module):\n  pass\n", bytes);
    List<String> names = new ArrayList<>();
    String code = null;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        names.add(e.getName());
        assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
        byte[] content = zip.readAllBytes();
        if (e.getName().endsWith(".py")) {
          code = new String(content, StandardCharsets.UTF_8);
        }
        if (e.getName().endsWith("version")) {
          // what torch.jit.save writes once the code calls gelu(..., approximate=...)
          assertThat(new String(content, StandardCharsets.US_ASCII)).isEqualTo("10\n");
        }
        if (e.getName().endsWith("data.pkl")) {
          // protocol 2, GLOBAL "__torch__" "Kernels", ..., STOP
          assertThat(content[0]).isEqualTo((byte) 0x80);
          assertThat(new String(content, 2, 19, StandardCharsets.US_ASCII))
              .isEqualTo("c__torch__\nKernels\n");
          assertThat(content[content.length - 1]).isEqualTo((byte) '.');
        }
      }
    }
    assertThat(names)
        .containsExactly(
            "kernels/data.pkl",
            "kernels/code/__torch__.py",
            "kernels/constants.pkl",
            "kernels/version");
    assertThat(code).isEqualTo("class Kernels(Module):\n  pass\n");
  }

  /** {@code x W^T + b} in double precision, {@code x} of {@code rows × in}. */
  private static float[] reference(float[] x, float[] w, float[] b, int in, int out) {
    int rows = x.length / in;
    float[] y = new float[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double s = b == null ? 0 : b[o];
        for (int i = 0; i < in; i++) {
          s += (double) x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = (float) s;
      }
    }
    return y;
  }

  /** Rounds each value to the nearest bfloat16 (ties to even), as oneDNN converts. */
  private static float[] toBfloat16(float[] a) {
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      int bits = Float.floatToRawIntBits(a[i]);
      bits += 0x7FFF + ((bits >>> 16) & 1);
      out[i] = Float.intBitsToFloat(bits & 0xFFFF0000);
    }
    return out;
  }

  /** Each row of {@code w} rounded to int8 steps of {@code max|row| / 127}. */
  private static float[] quantizeRows(float[] w, int in) {
    float[] q = new float[w.length];
    for (int row = 0; row < w.length / in; row++) {
      float max = 0;
      for (int i = 0; i < in; i++) {
        max = Math.max(max, Math.abs(w[row * in + i]));
      }
      float scale = max / 127;
      for (int i = 0; i < in; i++) {
        q[row * in + i] = Math.round(w[row * in + i] / scale) * scale;
      }
    }
    return q;
  }

  /**
   * {@code x} rounded to {@code levels + 1} evenly spaced values covering {@code [min(x, 0), max(x,
   * 0)]} with 0 on a step, as FBGEMM chooses an input's scale and zero point.
   */
  private static float[] quantizeInput(float[] x, int levels) {
    float min = 0;
    float max = 0;
    for (float v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double scale = (max - min) / levels;
    long zero = Math.round(-min / scale);
    float[] q = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      long level = Math.max(0, Math.min(levels, Math.round(x[i] / scale) + zero));
      q[i] = (float) ((level - zero) * scale);
    }
    return q;
  }

  private static double maxRelativeDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
    }
    return max;
  }

  private static float[] random(int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) RANDOM.nextGaussian();
    }
    return a;
  }

  private static void assertClose(float[] actual, float[] expected, double tolerance) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .as("element %d", i)
          .isCloseTo(expected[i], within(tolerance * Math.max(1, Math.abs(expected[i]))));
    }
  }
}
