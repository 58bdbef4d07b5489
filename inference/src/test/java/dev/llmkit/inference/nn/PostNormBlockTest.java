package dev.llmkit.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.llmkit.inference.device.CpuFeatures;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class PostNormBlockTest {

  private static final int C = 64;
  private static final int I = 256;
  private static final int HEADS = 4;

  @Test
  void theBlockInOneCallMatchesItsLayersRunWithPlainOperators() {
    try (NDManager m = NDManager.newBaseManager()) {
      PostNormBlock block = block(m, PackedWeight::new, Activation.GELU);
      NDArray x = m.randomNormal(new Shape(2, 7, C));
      NDArray padding = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0});
      NDArray mask = Attention.additiveMask(padding.reshape(2, 7), DataType.FLOAT32);
      for (NDArray maskOrNone : new NDArray[] {null, mask}) {
        NDArray plain = plain(block, x, maskOrNone);
        NDArray fused;
        try (NoGrad noGrad = NoGrad.enter()) {
          fused = block.fused(x, maskOrNone);
        }
        assertThat(fused).as("one call").isNotNull();
        assertThat(fused.getShape()).isEqualTo(new Shape(2, 7, C));
        assertThat(maxDifference(fused, plain)).isLessThan(1e-5);
        // and the result is not the input passed through: the block did change it
        assertThat(maxDifference(fused, x)).isGreaterThan(0.1);
      }
    }
  }

  @Test
  void eachActivationIsFusedAsTheIntermediateLayerComputesIt() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(1, 5, C));
      for (Activation activation : Activation.values()) {
        PostNormBlock block = block(m, PackedWeight::new, activation);
        NDArray plain = plain(block, x, null);
        try (NoGrad noGrad = NoGrad.enter()) {
          assertThat(maxDifference(block.fused(x, null), plain))
              .as(activation.name())
              .isLessThan(1e-5);
        }
      }
    }
  }

  @Test
  void aBfloat16BlockRunsInOneCallAsItsLayersDoOneByOne() {
    assumeTrue(CpuFeatures.host().bfloat16(), "the CPU has no bfloat16 instructions");
    try (NDManager m = NDManager.newBaseManager()) {
      PostNormBlock block = block(m, PackedWeight::bfloat16, Activation.GELU);
      NDArray x = m.randomNormal(new Shape(2, 6, C));
      NDArray float32 = plain(block, x, null);
      try (NoGrad noGrad = NoGrad.enter()) {
        NDArray fused = block.fused(x, null);
        assertThat(fused).isNotNull();
        assertThat(maxDifference(fused, block.layerByLayer(x, null))).isLessThan(1e-6);
        double fromFloat32 = maxDifference(fused, float32);
        assertThat(fromFloat32).isGreaterThan(1e-5).isLessThan(0.1);
      }
    }
  }

  @Test
  void anInt8BlockRunsInOneCallAsItsLayersDoOneByOne() {
    assumeTrue(CpuFeatures.host().int8(), "the CPU has no AVX2 for FBGEMM");
    try (NDManager m = NDManager.newBaseManager()) {
      PostNormBlock block = block(m, PackedWeight::int8, Activation.GELU);
      NDArray x = m.randomNormal(new Shape(2, 6, C));
      NDArray mask =
          Attention.additiveMask(
              m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, new Shape(2, 6)),
              DataType.FLOAT32);
      for (NDArray maskOrNone : new NDArray[] {null, mask}) {
        NDArray float32 = plain(block, x, maskOrNone);
        try (NoGrad noGrad = NoGrad.enter()) {
          NDArray fused = block.fused(x, maskOrNone);
          assertThat(fused).isNotNull();
          // each product quantizes its own input: the same inputs give the same result
          assertThat(maxDifference(fused, block.layerByLayer(x, maskOrNone))).isLessThan(1e-5);
          assertThat(maxDifference(fused, float32)).isGreaterThan(1e-4).isLessThan(0.3);
        }
      }
    }
  }

  @Test
  void anOpenAttentionProbeSeesTheBlocksAttentionWeights() {
    try (NDManager m = NDManager.newBaseManager()) {
      PostNormBlock block = block(m, PackedWeight::new, Activation.GELU);
      NDArray x = m.randomNormal(new Shape(1, 5, C));
      NDArray fused;
      try (NoGrad noGrad = NoGrad.enter()) {
        fused = block.forward(x, null);
        try (Attention.Probe probe = Attention.probe()) {
          assertThat(block.fused(x, null)).isNull();
          NDArray probed = block.forward(x, null);
          assertThat(probe.weights()).hasSize(1);
          assertThat(probe.weights().get(0)[0]).hasNumberOfRows(HEADS);
          assertThat(maxDifference(probed, fused)).isLessThan(1e-5);
        }
      }
    }
  }

  @Test
  void aBlockWithLoraOrWithoutPackedLayersRunsItsLayersOneByOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      PostNormBlock unpacked = block(m, () -> null, Activation.GELU);
      PostNormBlock packed = block(m, PackedWeight::new, Activation.GELU);
      Linear q = packed.query();
      LoraDelta lora =
          new LoraDelta(
              m.randomNormal(new Shape(2, C)), m.zeros(new Shape(C, 2)), m.create(1f), 0f);
      PostNormBlock withLora =
          new PostNormBlock(
              new Linear(q.weight(), q.bias(), lora, new PackedWeight()),
              packed.key(),
              packed.value(),
              packed.attentionOutput(),
              packed.attentionNorm(),
              packed.intermediate(),
              packed.output(),
              packed.outputNorm(),
              HEADS,
              Activation.GELU);
      NDArray x = m.randomNormal(new Shape(1, 5, C));
      try (NoGrad noGrad = NoGrad.enter()) {
        assertThat(unpacked.fused(x, null)).isNull();
        assertThat(withLora.fused(x, null)).isNull();
        // B = 0: the update adds nothing, and the block is the packed one
        assertThat(maxDifference(withLora.forward(x, null), packed.fused(x, null)))
            .isLessThan(1e-5);
      }
    }
  }

  /**
   * The block while gradients are recorded, as in training: PyTorch's plain operators and eager
   * attention, none of the inference kernels.
   */
  private static NDArray plain(PostNormBlock block, NDArray x, NDArray mask) {
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      assertThat(block.fused(x, mask)).isNull();
      return block.forward(x, mask);
    }
  }

  private static PostNormBlock block(
      NDManager m, Supplier<PackedWeight> packing, Activation activation) {
    return new PostNormBlock(
        linear(m, C, C, packing),
        linear(m, C, C, packing),
        linear(m, C, C, packing),
        linear(m, C, C, packing),
        norm(m),
        linear(m, C, I, packing),
        linear(m, I, C, packing),
        norm(m),
        HEADS,
        activation);
  }

  private static Linear linear(NDManager m, int in, int out, Supplier<PackedWeight> packing) {
    NDArray w =
        m.randomNormal(0, (float) (1 / Math.sqrt(in)), new Shape(out, in), DataType.FLOAT32);
    NDArray b = m.randomNormal(0, 0.1f, new Shape(out), DataType.FLOAT32);
    return new Linear(w, b, null, packing.get());
  }

  private static LayerNorm norm(NDManager m) {
    return new LayerNorm(
        m.randomNormal(1, 0.1f, new Shape(C), DataType.FLOAT32),
        m.randomNormal(0, 0.1f, new Shape(C), DataType.FLOAT32),
        1e-12f);
  }

  private static double maxDifference(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }
}
