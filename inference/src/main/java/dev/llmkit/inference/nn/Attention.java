package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head scaled dot-product attention helpers shared by the model families (eager attention of
 * transformers' {@code modeling_bert.py}).
 */
public final class Attention {

  private Attention() {}

  /**
   * The additive attention mask: 0 where {@code attentionMask} is 1, the most negative finite value
   * of {@code dtype} where it is 0 — as transformers' {@code get_extended_attention_mask}.
   *
   * @param attentionMask {@code (B, T)} int64 of 0/1
   * @return {@code (B, 1, 1, T)} of {@code dtype}, in the mask's manager
   */
  public static NDArray additiveMask(NDArray attentionMask, DataType dtype) {
    NDManager m = attentionMask.getManager();
    NDArray one = m.create(1f).toType(dtype, false);
    NDArray min = m.create(lowest(dtype)).toType(dtype, false);
    long b = attentionMask.getShape().get(0);
    long t = attentionMask.getShape().get(1);
    return one.sub(attentionMask.toType(dtype, false)).mul(min).reshape(b, 1, 1, t);
  }

  /**
   * A causal additive mask for decoders: query {@code i} (at absolute position {@code tk - tq + i},
   * so cached keys before it are visible) may attend to keys {@code 0..tk - tq + i}.
   *
   * @param manager the request's manager
   * @param tq number of queries (new tokens)
   * @param tk number of keys (cached plus new tokens), {@code tk >= tq}
   * @return {@code (1, 1, Tq, Tk)} of {@code dtype}: 0 where allowed, {@link #lowest} elsewhere
   */
  public static NDArray causalMask(NDManager manager, long tq, long tk, DataType dtype) {
    if (tk < tq) {
      throw new IllegalArgumentException("keys (" + tk + ") fewer than queries (" + tq + ")");
    }
    float[] mask = new float[Math.toIntExact(tq * tk)];
    float lowest = lowest(dtype);
    for (int i = 0; i < tq; i++) {
      for (long j = tk - tq + i + 1; j < tk; j++) {
        mask[(int) (i * tk + j)] = lowest;
      }
    }
    return manager.create(mask, new Shape(1, 1, tq, tk)).toType(dtype, false);
  }

  /** {@code torch.finfo(dtype).min} for the float types we run in. */
  public static float lowest(DataType dtype) {
    return switch (dtype) {
      case FLOAT16 -> -65504f;
      case FLOAT32 -> -Float.MAX_VALUE;
      default -> throw new IllegalArgumentException("no attention mask for " + dtype);
    };
  }

  /** {@code (B, T, H*D)} → {@code (B, H, T, D)}. */
  public static NDArray splitHeads(NDArray x, int heads) {
    long b = x.getShape().get(0);
    long t = x.getShape().get(1);
    long c = x.getShape().get(2);
    return x.reshape(b, t, heads, c / heads).transpose(0, 2, 1, 3);
  }

  /** {@code (B, H, T, D)} → {@code (B, T, H*D)}. */
  public static NDArray mergeHeads(NDArray x) {
    long b = x.getShape().get(0);
    long h = x.getShape().get(1);
    long t = x.getShape().get(2);
    long d = x.getShape().get(3);
    return x.transpose(0, 2, 1, 3).reshape(b, t, h * d);
  }

  /**
   * The most bytes of attention scores one step materialises: longer inputs run their queries in
   * blocks. Rows of the softmax are independent, so the result is the same; but each block's {@code
   * (B, H, Tq', Tk)} temporaries stay in cache and below glibc's 32 MB mmap threshold, above which
   * every temporary is a fresh mapping that the kernel must fault in and zero (a 960-token GPT-2
   * prefill spent 70% of its time there).
   */
  static final long MAX_SCORE_BYTES = 8L << 20;

  /**
   * {@code softmax(q k^T / sqrt(D) + mask) v}, as the eager attention of transformers.
   *
   * <p>The scale is applied to {@code q} (T × D values) rather than to the scores (T × T), as
   * PyTorch's {@code scaled_dot_product_attention} does; long inputs run in blocks of queries
   * ({@link #MAX_SCORE_BYTES}).
   *
   * @param q {@code (B, H, Tq, D)}
   * @param k {@code (B, H, Tk, D)}
   * @param v {@code (B, H, Tk, D)}
   * @param additiveMask broadcastable to {@code (B, H, Tq, Tk)}, or {@code null}
   * @return {@code (B, H, Tq, D)} in {@code q}'s manager
   */
  public static NDArray scaledDotProduct(NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    return scaledDotProduct(q, k, v, additiveMask, false, MAX_SCORE_BYTES);
  }

  /**
   * Multi-head attention of an encoder: {@code mergeHeads(scaledDotProduct(splitHeads(q), ...))}.
   * For inference on the CPU in float32 ({@link NoGrad}, no {@link #probe}) it is one call that
   * splits the heads, runs PyTorch's fused {@code scaled_dot_product_attention} and merges them.
   *
   * @param q {@code (B, Tq, H*D)}
   * @param k {@code (B, Tk, H*D)}
   * @param v {@code (B, Tk, H*D)}
   * @param additiveMask broadcastable to {@code (B, H, Tq, Tk)}, or {@code null}
   * @return {@code (B, Tq, H*D)} in {@code q}'s manager
   */
  public static NDArray multiHead(
      NDArray q, NDArray k, NDArray v, int heads, NDArray additiveMask) {
    NDArray fused = fused(q, k, v, heads, additiveMask);
    if (fused != null) {
      return fused;
    }
    NDArray context =
        scaledDotProduct(
            splitHeads(q, heads), splitHeads(k, heads), splitHeads(v, heads), additiveMask);
    return mergeHeads(context);
  }

  /** The fused operator where it applies, else {@code null}. */
  private static NDArray fused(NDArray q, NDArray k, NDArray v, int heads, NDArray additiveMask) {
    if (!fusable()) {
      return null;
    }
    TorchKernels kernels = TorchKernels.forInference(q);
    return kernels == null ? null : kernels.multiHeadAttention(q, k, v, heads, additiveMask);
  }

  /**
   * Whether attention may run fused on this thread: not switched off, and no {@link #probe} open
   * (the probe reads the weights that only the eager path computes).
   */
  static boolean fusable() {
    return FUSED && PROBE.get() == null;
  }

  /** {@code -Dllmkit.fused-attention=false} keeps the eager attention (to compare both). */
  private static final boolean FUSED =
      Boolean.parseBoolean(System.getProperty("llmkit.fused-attention", "true"));

  /**
   * {@link #scaledDotProduct} for a decoder: the {@code Tq} queries are the last positions of the
   * {@code Tk} keys, and {@code additiveMask} hides from each query every later key (a causal mask,
   * possibly with padding). A block of queries then never looks at the keys after its last query,
   * so a long prompt's blocks skip them: about half the scores of a prefill are never computed.
   */
  public static NDArray causalScaledDotProduct(
      NDArray q, NDArray k, NDArray v, NDArray additiveMask) {
    return scaledDotProduct(q, k, v, additiveMask, true, MAX_SCORE_BYTES);
  }

  /** As above, with blocks of at most {@code maxScoreBytes} of scores (a test makes them small). */
  static NDArray scaledDotProduct(
      NDArray q, NDArray k, NDArray v, NDArray additiveMask, boolean causal, long maxScoreBytes) {
    Shape qs = q.getShape();
    long tq = qs.get(2);
    long tk = k.getShape().get(2);
    NDArray scale =
        q.getManager().create((float) (1.0 / Math.sqrt(qs.get(3)))).toType(q.getDataType(), false);
    NDArray scaled = q.mul(scale);
    NDArray keysT = k.transpose(0, 1, 3, 2); // (B, H, D, Tk)
    long rowBytes = qs.get(0) * qs.get(1) * tk * q.getDataType().getNumOfBytes();
    long block = Math.max(1, maxScoreBytes / rowBytes);
    // Training keeps one pass: autograd through the blocks' slices and concatenation cost more
    // than the blocks save (GPT-2 6×256 at T = 256: 690 against 761 tokens/s, same run).
    if (block >= tq || PROBE.get() != null || NoGrad.recording()) {
      return attend(scaled, keysT, v, additiveMask);
    }
    boolean maskPerQuery = additiveMask != null && additiveMask.getShape().get(2) > 1;
    boolean maskPerKey = additiveMask != null && additiveMask.getShape().get(3) > 1;
    NDList parts = new NDList();
    for (long from = 0; from < tq; from += block) {
      long to = Math.min(tq, from + block);
      long keys = causal ? tk - tq + to : tk; // keys after the block's last query are hidden
      NDArray mask = additiveMask;
      if (mask != null) {
        String rows = maskPerQuery ? from + ":" + to : ":";
        String columns = maskPerKey ? ":" + keys : ":";
        mask = mask.get(new NDIndex(":, :, " + rows + ", " + columns));
      }
      parts.add(
          attend(
              scaled.get(new NDIndex(":, :, {}:{}", from, to)),
              keysT.get(new NDIndex(":, :, :, :{}", keys)),
              v.get(new NDIndex(":, :, :{}", keys)),
              mask));
    }
    return NDArrays.concat(parts, 2);
  }

  /** One block of queries, already scaled: {@code softmax(q k^T + mask) v}. */
  private static NDArray attend(NDArray q, NDArray keysT, NDArray v, NDArray additiveMask) {
    NDArray scores = q.matMul(keysT); // (B, H, Tq, Tk)
    if (additiveMask != null) {
      scores = scores.add(additiveMask);
    }
    NDArray weights = scores.softmax(-1);
    Probe probe = PROBE.get();
    if (probe != null) {
      probe.record(weights);
    }
    return weights.matMul(v);
  }

  private static final ThreadLocal<Probe> PROBE = new ThreadLocal<>();

  /**
   * Starts recording, on this thread only, the attention weights of every {@link #scaledDotProduct}
   * call until the probe is closed: running a model's forward inside the probe shows its attention,
   * computed by the very code that serves it. Other threads are unaffected.
   *
   * <pre>{@code
   * try (Attention.Probe probe = Attention.probe()) {
   *   encoder.forward(ids, mask, null);
   *   List<float[][][][]> layers = probe.weights(); // [layer][batch][head][query][key]
   * }
   * }</pre>
   *
   * @throws IllegalStateException when this thread already has an open probe
   */
  public static Probe probe() {
    if (PROBE.get() != null) {
      throw new IllegalStateException("an attention probe is already open on this thread");
    }
    Probe probe = new Probe();
    PROBE.set(probe);
    return probe;
  }

  /** The attention weights recorded on one thread, one entry per attention call, in call order. */
  public static final class Probe implements AutoCloseable {
    private final List<float[][][][]> weights = new ArrayList<>();

    private Probe() {}

    private void record(NDArray w) {
      Shape s = w.getShape(); // (B, H, Tq, Tk)
      int b = (int) s.get(0);
      int h = (int) s.get(1);
      int tq = (int) s.get(2);
      int tk = (int) s.get(3);
      float[] flat = w.toType(DataType.FLOAT32, false).toFloatArray();
      float[][][][] copy = new float[b][h][tq][tk];
      int at = 0;
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < h; j++) {
          for (int q = 0; q < tq; q++) {
            System.arraycopy(flat, at, copy[i][j][q], 0, tk);
            at += tk;
          }
        }
      }
      weights.add(copy);
    }

    /** {@code [call][batch][head][query][key]}: softmax weights, each row summing to 1. */
    public List<float[][][][]> weights() {
      return List.copyOf(weights);
    }

    /** Stops recording on this thread. */
    @Override
    public void close() {
      PROBE.remove();
    }
  }
}
