package dev.llmkit.inference.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class AttentionTest {

  private static final float NEG = -Float.MAX_VALUE;

  @Test
  void causalMaskLetsEachQuerySeeItsPastIncludingTheCache() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray full = Attention.causalMask(m, 3, 3, DataType.FLOAT32);
      assertThat(full.getShape()).isEqualTo(new Shape(1, 1, 3, 3));
      assertThat(full.toFloatArray()).containsExactly(0, NEG, NEG, 0, 0, NEG, 0, 0, 0);
      // one new token after 2 cached ones sees all 3 keys
      assertThat(Attention.causalMask(m, 1, 3, DataType.FLOAT32).toFloatArray())
          .containsExactly(0, 0, 0);
    }
  }

  @Test
  void paddingMaskIsZeroForTokensAndLowestForPadding() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray mask =
          Attention.additiveMask(m.create(new long[] {1, 1, 0}, new Shape(1, 3)), DataType.FLOAT32);
      assertThat(mask.getShape()).isEqualTo(new Shape(1, 1, 1, 3));
      float[] values = mask.toFloatArray();
      for (int i = 0; i < values.length; i++) {
        values[i] += 0f; // (1 - 1) * lowest is -0.0, as in transformers
      }
      assertThat(values).containsExactly(0, 0, NEG);
    }
  }

  @Test
  void theFusedMultiHeadKernelAgreesWithTheEagerOps() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(3);
      // (B, T, 3C) as a fused QKV product gives them: q, k, v are views with strides of 3C
      NDArray qkv = m.randomNormal(new Shape(2, 7, 3 * 24));
      NDArray q = qkv.get(":, :, :24");
      NDArray k = qkv.get(":, :, 24:48");
      NDArray v = qkv.get(":, :, 48:");
      long[] ids = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
      NDArray mask = Attention.additiveMask(m.create(ids, new Shape(2, 7)), DataType.FLOAT32);
      for (NDArray additive : new NDArray[] {mask, null}) {
        float[] fused = Attention.multiHead(q, k, v, 3, additive).toFloatArray();
        NDArray context =
            Attention.scaledDotProduct(
                Attention.splitHeads(q, 3),
                Attention.splitHeads(k, 3),
                Attention.splitHeads(v, 3),
                additive);
        float[] eager = Attention.mergeHeads(context).toFloatArray();
        assertThat(fused).hasSize(2 * 7 * 24).hasSameSizeAs(eager);
        for (int i = 0; i < fused.length; i++) {
          assertThat((double) fused[i])
              .isCloseTo(eager[i], org.assertj.core.api.Assertions.within(1e-5));
        }
      }
    }
  }

  @Test
  void multiHeadAttentionRecordsItsWeightsWhenProbed() {
    try (NDManager m = NDManager.newBaseManager();
        Attention.Probe probe = Attention.probe()) {
      NDArray x = m.randomNormal(new Shape(1, 4, 8));
      Attention.multiHead(x, x, x, 2, null);
      assertThat(probe.weights()).hasSize(1);
      assertThat(probe.weights().get(0)[0]).hasNumberOfRows(2); // (H=2, Tq, Tk)
    }
  }

  @Test
  void attentionOverOneKeyReturnsItsValueAndMaskedKeysGetNoWeight() {
    try (NDManager m = NDManager.newBaseManager()) {
      // (B=1, H=1, T=2, D=2): the second key is masked, so both queries return the first value
      NDArray q = m.create(new float[] {1, 0, 0, 1}, new Shape(1, 1, 2, 2));
      NDArray k = m.create(new float[] {5, 5, -3, 9}, new Shape(1, 1, 2, 2));
      NDArray v = m.create(new float[] {10, 20, 30, 40}, new Shape(1, 1, 2, 2));
      NDArray mask =
          Attention.additiveMask(m.create(new long[] {1, 0}, new Shape(1, 2)), DataType.FLOAT32);
      assertThat(Attention.scaledDotProduct(q, k, v, mask).toFloatArray())
          .containsExactly(10, 20, 10, 20);
      // unmasked, query (1,0) scores 5/sqrt2 vs -3/sqrt2: softmax weight of key 0 =
      // 1/(1+e^(-8/sqrt2))
      double w = 1 / (1 + Math.exp(-8 / Math.sqrt(2)));
      float[] out = Attention.scaledDotProduct(q, k, v, null).toFloatArray();
      assertThat((double) out[0])
          .isCloseTo(10 * w + 30 * (1 - w), org.assertj.core.api.Assertions.within(1e-4));
    }
  }

  /** Rows of one (B=2, H=2) score block take 2·2·Tk·4 bytes: 16 rows per block at Tk = 40. */
  private static final long SMALL_BLOCKS = 2L * 2 * 40 * 4 * 16;

  @Test
  void blocksOfQueriesGiveTheSameAttentionAsOnePass() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(7);
      NDArray q = m.randomNormal(new Shape(2, 2, 40, 8));
      NDArray k = m.randomNormal(new Shape(2, 2, 40, 8));
      NDArray v = m.randomNormal(new Shape(2, 2, 40, 8));
      long[] ones = new long[80];
      java.util.Arrays.fill(ones, 1);
      ones[79] = 0; // the second sequence's last token is padding
      NDArray padding =
          Attention.additiveMask(m.create(ones, new Shape(2, 40)), DataType.FLOAT32); // (B,1,1,T)
      NDArray whole = Attention.scaledDotProduct(q, k, v, padding, false, Long.MAX_VALUE);
      NDArray blocks = Attention.scaledDotProduct(q, k, v, padding, false, SMALL_BLOCKS);
      assertThat(blocks.getShape()).isEqualTo(whole.getShape());
      assertThat(maxDifference(blocks, whole)).isLessThan(1e-6f);
    }
  }

  @Test
  void causalBlocksGiveTheSameAttentionAsOnePassAfterACache() {
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(11);
      // 30 new queries after 10 cached keys: query i sees keys 0 .. 10 + i.
      NDArray q = m.randomNormal(new Shape(2, 2, 30, 8));
      NDArray k = m.randomNormal(new Shape(2, 2, 40, 8));
      NDArray v = m.randomNormal(new Shape(2, 2, 40, 8));
      NDArray causal = Attention.causalMask(m, 30, 40, DataType.FLOAT32); // (1, 1, 30, 40)
      NDArray whole = Attention.scaledDotProduct(q, k, v, causal, false, Long.MAX_VALUE);
      NDArray blocks = Attention.scaledDotProduct(q, k, v, causal, true, SMALL_BLOCKS);
      assertThat(maxDifference(blocks, whole)).isLessThan(1e-6f);
      // A query's output depends on no later key: changing the last key leaves query 0's row.
      NDArray changed = k.duplicate();
      changed.set(new ai.djl.ndarray.index.NDIndex(":, :, 39, :"), 100f);
      NDArray again = Attention.scaledDotProduct(q, changed, v, causal, true, SMALL_BLOCKS);
      assertThat(maxDifference(again.get(":, :, 0:16, :"), whole.get(":, :, 0:16, :")))
          .isLessThan(1e-6f);
    }
  }

  private static float maxDifference(NDArray a, NDArray b) {
    return a.sub(b).abs().max().getFloat();
  }
}
