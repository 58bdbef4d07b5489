package dev.llmkit.inference.nn;

import ai.djl.Device;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import dev.llmkit.inference.device.CpuFeatures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch operators that DJL's NDArray API does not reach, called through a small TorchScript
 * module: oneDNN's linear layer on a weight packed once into its blocked layout ({@code
 * torch.ops.mkldnn._reorder_linear_weight} and {@code _linear_pointwise}, the pair that
 * TorchInductor's <a
 * href="https://github.com/pytorch/pytorch/blob/v2.7.1/torch/_inductor/fx_passes/mkldnn_fusion.py">mkldnn
 * fusion</a> uses for frozen CPU weights), and {@code scaled_dot_product_attention}.
 *
 * <p>DJL runs a module's methods without recording gradients, so every result here is an inference
 * tensor: callers use the kernels only where no gradient is recorded ({@link NoGrad}).
 *
 * <p>The module is the TorchScript source {@code kernels.py} beside this class, written into the
 * archive layout that {@code torch.jit.load} reads ({@link TorchScriptArchive}) and compiled by the
 * engine when loaded: no Python is involved. It holds no weights, so one module serves every model
 * of the process.
 *
 * <p>When the engine lacks these operators (a build without oneDNN) the module is reported
 * unavailable once, and callers keep PyTorch's plain operators.
 */
final class TorchKernels {

  private static final Logger LOG = LoggerFactory.getLogger(TorchKernels.class);

  private static volatile TorchKernels instance;
  private static volatile boolean unavailable;

  private final PtSymbolBlock module;

  /** {@code attr} and {@code algorithm} of each {@link Epilogue}, made once for every call. */
  private final IValue[][] attrs;

  /** {@code reduce_range} of the int8 methods: without VNNI, 7-bit inputs (see {@link Format}). */
  private final IValue reduceRange = IValue.from(!CpuFeatures.host().vnni());

  /** {@code format} of {@code post_norm_block}: each {@link Format}'s ordinal, made once. */
  private final IValue[] formatCodes =
      Arrays.stream(Format.values())
          .map(f -> IValue.from((long) f.ordinal()))
          .toArray(IValue[]::new);

  /**
   * The empty tensor that stands for an absent tensor argument (no mask, no position ids): DJL
   * cannot pass {@code None}, so {@code kernels.py} reads its size.
   */
  private final PtNDArray none;

  private TorchKernels(PtSymbolBlock module, PtNDManager manager) {
    this.module = module;
    this.none = (PtNDArray) manager.create(new float[0]);
    this.attrs = new IValue[Epilogue.values().length][];
    for (Epilogue e : Epilogue.values()) {
      attrs[e.ordinal()] = new IValue[] {IValue.from(e.attr), IValue.from(e.algorithm)};
    }
  }

  /**
   * The kernels for an operator on {@code input}, loaded on first use: only for float32 on the CPU
   * where no gradient is recorded ({@link NoGrad}), since their results cannot enter autograd.
   *
   * @return {@code null} where they do not apply, or when the engine is not PyTorch, could not
   *     compile them or an operator of theirs failed (each logged once)
   */
  static TorchKernels forInference(NDArray input) {
    if (input.getDataType() != DataType.FLOAT32
        || !Device.Type.CPU.equals(input.getDevice().getDeviceType())
        || NoGrad.recording()) {
      return null;
    }
    return get();
  }

  /** The process's kernels, loaded on first use, or {@code null} (see {@link #forInference}). */
  static TorchKernels get() {
    TorchKernels k = instance;
    if (k != null || unavailable) {
      return k;
    }
    synchronized (TorchKernels.class) {
      if (instance == null && !unavailable) {
        try {
          instance = load();
        } catch (RuntimeException | LinkageError e) {
          unavailable = true;
          LOG.warn(
              "Inference kernels are off (plain operators run): the engine cannot run {}: {}",
              SOURCE,
              e.toString());
        }
      }
      return instance;
    }
  }

  /** Marks the kernels unusable after an operator failed at run time, and says so once. */
  private static void disable(RuntimeException cause) {
    synchronized (TorchKernels.class) {
      if (!unavailable) {
        unavailable = true;
        instance = null;
        LOG.warn("Inference kernels are off after a failure: {}", cause.toString());
      }
    }
  }

  private static final String SOURCE = "kernels.py";

  private static TorchKernels load() {
    NDManager base = NDManager.newBaseManager("PyTorch");
    if (!(base instanceof PtNDManager manager)) {
      base.close();
      throw new IllegalStateException("the default engine is not PyTorch");
    }
    try {
      ByteArrayOutputStream archive = new ByteArrayOutputStream();
      TorchScriptArchive.write(source(), archive);
      PtSymbolBlock module =
          JniUtils.loadModule(
              manager, new ByteArrayInputStream(archive.toByteArray()), true, false);
      return new TorchKernels(module, manager); // lives, with its manager, as long as the process
    } catch (IOException e) {
      manager.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static String source() throws IOException {
    try (InputStream in = TorchKernels.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new IOException(SOURCE + " is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /**
   * How a linear layer's weight is packed, with the module's methods that pack it and use it. The
   * layer's input, output and bias are float32 in every case. The ordinals are the {@code format}
   * codes that {@code kernels.py}'s {@code block} reads: keep the order.
   */
  enum Format {
    /** oneDNN's blocked float32 copy. */
    FLOAT32("pack_linear_weight", "linear", "linear_add", "post_norm_block"),
    /**
     * oneDNN's blocked bfloat16 copy: the input is rounded to bfloat16 for the product, which
     * accumulates in float32; the bias and epilogue apply in bfloat16, the residual sum in float32.
     */
    BFLOAT16("pack_linear_weight_bf16", "linear_bf16", "linear_add_bf16", "post_norm_block"),
    /**
     * PyTorch's dynamic quantization ({@code torch.ao.nn.quantized.dynamic.Linear}): int8 weights,
     * symmetric per output channel, packed for FBGEMM with the float32 bias; each call quantizes
     * its input to uint8 from its own range and returns float32. The input keeps 8 bits on a CPU
     * with VNNI and 7 without ({@code reduce_range}, which keeps AVX2's 16-bit pair sums from
     * saturating; PyTorch's module always passes 7). Epilogues and residual sums run in float32
     * after the product.
     */
    INT8("pack_linear_weight_int8", "linear_int8", "linear_add_int8", "post_norm_block_int8");

    final String pack;
    final String linear;
    final String linearAdd;

    /** {@code post_norm_block} with the packed weights as a list of this format's type. */
    final String block;

    Format(String pack, String linear, String linearAdd, String block) {
      this.pack = pack;
      this.linear = linear;
      this.linearAdd = linearAdd;
      this.block = block;
    }
  }

  /**
   * A copy of a {@code (out, in)} float32 weight (and, for int8, its bias) in {@code format}, owned
   * by the weight's manager.
   *
   * @return the copy, or {@code null} when the operator failed
   */
  Packed pack(NDArray weight, NDArray bias, Format format) {
    IValue[] args =
        format == Format.INT8
            ? new IValue[] {IValue.from((PtNDArray) weight), IValue.from((PtNDArray) bias)}
            : new IValue[] {IValue.from((PtNDArray) weight)};
    IValue packed = run(format.pack, args);
    return packed == null ? null : new Packed(packed, format, weight.getManager());
  }

  /**
   * {@code epilogue(x W^T + b)} on a packed weight, in one call ({@link Format} says in which
   * precision each part runs).
   *
   * @param x {@code (..., in)} float32
   * @param packed from {@link #pack}
   * @param bias {@code (out)}
   * @param epilogue the activation applied to the sum
   * @return {@code (..., out)} float32 in {@code x}'s manager, or {@code null} when the operator
   *     failed
   */
  NDArray linear(NDArray x, Packed packed, NDArray bias, Epilogue epilogue) {
    IValue[] args = {IValue.from((PtNDArray) x), IValue.from((PtNDArray) bias)};
    IValue[] attr = attrs[epilogue.ordinal()];
    if (packed.format == Format.INT8) {
      return call(
          packed.format.linear, x.getManager(), args, packed.tensor, attr[0], attr[1], reduceRange);
    }
    return call(packed.format.linear, x.getManager(), args, packed.tensor, attr[0], attr[1]);
  }

  /**
   * {@code x W^T + b + other} on a packed weight, in one call; one operator for float32.
   *
   * @param other {@code (..., out)}, the shape of the result
   * @return {@code (..., out)} in {@code x}'s manager, or {@code null} when the operator failed
   */
  NDArray linearAdd(NDArray x, Packed packed, NDArray bias, NDArray other) {
    IValue[] args = {
      IValue.from((PtNDArray) x), IValue.from((PtNDArray) bias), IValue.from((PtNDArray) other)
    };
    if (packed.format == Format.INT8) {
      return call(packed.format.linearAdd, x.getManager(), args, packed.tensor, reduceRange);
    }
    return call(packed.format.linearAdd, x.getManager(), args, packed.tensor);
  }

  /**
   * A weight packed by {@link #pack}. It stays an engine value and never becomes a DJL array: DJL
   * aborts the JVM on bfloat16 arrays, and the packed layouts are opaque anyway. Freed by {@link
   * #close} or with the manager of the weight it was made from.
   */
  static final class Packed implements AutoCloseable {
    private final IValue tensor;
    private final Format format;
    private final NDManager owner;
    private final String id = "packed-" + UUID.randomUUID();

    private Packed(IValue tensor, Format format, NDManager owner) {
      this.tensor = tensor;
      this.format = format;
      this.owner = owner;
      owner.attachInternal(id, tensor);
    }

    /** Frees the engine's copy now. */
    @Override
    public void close() {
      owner.detachInternal(id);
      tensor.close();
    }
  }

  /**
   * Multi-head {@code softmax(q k^T / sqrt(D) + mask) v} with the heads split and merged around
   * PyTorch's fused {@code scaled_dot_product_attention} (whose CPU kernel tiles the scores), in
   * one call.
   *
   * @param q {@code (B, Tq, H*D)} float32
   * @param k {@code (B, Tk, H*D)}
   * @param v {@code (B, Tk, H*D)}
   * @param additiveMask broadcastable to {@code (B, H, Tq, Tk)}, or {@code null}
   * @return {@code (B, Tq, H*D)} in {@code q}'s manager, or {@code null} when the operator failed
   */
  NDArray multiHeadAttention(NDArray q, NDArray k, NDArray v, int heads, NDArray additiveMask) {
    IValue[] args = {
      IValue.from((PtNDArray) q),
      IValue.from((PtNDArray) k),
      IValue.from((PtNDArray) v),
      IValue.from((long) heads)
    };
    if (additiveMask == null) {
      return call("multi_head_attention", q.getManager(), args);
    }
    IValue[] masked = Arrays.copyOf(args, args.length + 1);
    masked[args.length] = IValue.from((PtNDArray) additiveMask);
    return call("masked_multi_head_attention", q.getManager(), masked);
  }

  /**
   * One post-norm encoder block ({@link PostNormBlock}) in one call: the six products on their
   * packed weights, attention as {@link #multiHeadAttention}, and both LayerNorms. The same
   * operators as the block's separate calls, run by the engine without returning to Java between
   * them.
   *
   * @param x {@code (B, T, C)} float32
   * @param additiveMask broadcastable to {@code (B, H, T, T)}, or {@code null} (passed as an empty
   *     tensor: DJL has no {@code None})
   * @param packed query, key, value, attention output, intermediate and output weights, in one
   *     format
   * @param tensors their six biases, then the attention norm's weight and bias, then the output
   *     norm's
   * @return {@code (B, T, C)} in {@code x}'s manager, or {@code null} when the operator failed
   */
  NDArray postNormBlock(
      NDArray x,
      NDArray additiveMask,
      Packed[] packed,
      NDArray[] tensors,
      int heads,
      float attentionEps,
      float outputEps,
      Epilogue epilogue) {
    Format format = packed[0].format;
    IValue[] weights = new IValue[packed.length];
    for (int i = 0; i < packed.length; i++) {
      if (packed[i].format != format) {
        throw new IllegalArgumentException("a block's weights are packed in one format");
      }
      weights[i] = packed[i].tensor;
    }
    PtNDArray[] rest = new PtNDArray[tensors.length];
    for (int i = 0; i < tensors.length; i++) {
      rest[i] = (PtNDArray) tensors[i];
    }
    IValue[] args = {
      IValue.from((PtNDArray) x),
      orNone(additiveMask),
      IValue.listFrom(weights), // a list of its own references, typed as its first item
      IValue.listFrom(rest),
      IValue.from((long) heads),
      IValue.from((double) attentionEps),
      IValue.from((double) outputEps)
    };
    IValue[] attr = attrs[epilogue.ordinal()];
    IValue last = format == Format.INT8 ? reduceRange : formatCodes[format.ordinal()];
    return call(format.block, x.getManager(), args, attr[0], attr[1], last);
  }

  /**
   * Word, position and token-type embeddings summed, then LayerNorm ({@link InputEmbeddings}), in
   * one call: the same operators in the same order as the separate calls.
   *
   * @param ids {@code (B, T)} int64
   * @param positions {@code (B, T)} or {@code (T)} position ids, or {@code null} for {@code 0 ..
   *     T-1}
   * @param types {@code (B, T)} segment ids, or {@code null} for segment 0
   * @param tokenType the segment table, or {@code null} when the model has none
   * @return {@code (B, T, C)} float32 in {@code ids}' manager, or {@code null} when the operator
   *     failed
   */
  NDArray inputEmbeddings(
      NDArray ids,
      NDArray positions,
      NDArray types,
      NDArray word,
      NDArray position,
      NDArray tokenType,
      LayerNorm norm) {
    IValue[] args = {
      IValue.from((PtNDArray) ids),
      orNone(positions),
      orNone(types),
      IValue.from((PtNDArray) word),
      IValue.from((PtNDArray) position),
      orNone(tokenType),
      IValue.from((PtNDArray) norm.weight()),
      IValue.from((PtNDArray) norm.bias()),
      IValue.from((double) norm.eps())
    };
    return call("input_embeddings", ids.getManager(), args);
  }

  /**
   * The minimum and maximum of each int64 array, read into Java with one call and one copy.
   *
   * @return {@code {min0, max0, min1, max1, ...}}, or {@code null} when the operator failed
   */
  long[] extrema(NDArray... arrays) {
    PtNDArray[] tensors = new PtNDArray[arrays.length];
    for (int i = 0; i < arrays.length; i++) {
      tensors[i] = (PtNDArray) arrays[i];
    }
    try (IValue result = run("extrema", new IValue[] {IValue.listFrom(tensors)})) {
      if (result == null) {
        return null;
      }
      try (NDArray values = result.toTensor((PtNDManager) arrays[0].getManager())) {
        return values.toLongArray();
      }
    }
  }

  private IValue orNone(NDArray array) {
    return IValue.from(array != null ? (PtNDArray) array : none);
  }

  /** oneDNN's post-ops of {@link #linear}, by their names in {@code _linear_pointwise}. */
  enum Epilogue {
    NONE("none", "none"),
    GELU("gelu", "none"), // erf
    GELU_TANH("gelu", "tanh"),
    RELU("relu", "none");

    final String attr;
    final String algorithm;

    Epilogue(String attr, String algorithm) {
      this.attr = attr;
      this.algorithm = algorithm;
    }

    /** The post-op computing {@code activation}; {@link #NONE} for none. */
    static Epilogue of(Activation activation) {
      return activation == null
          ? NONE
          : switch (activation) {
            case GELU -> GELU;
            case GELU_TANH -> GELU_TANH;
            case RELU -> RELU;
          };
    }
  }

  /** Runs {@code method} as {@link #run} does; its tensor result goes to {@code owner}. */
  private NDArray call(String method, NDManager owner, IValue[] args, IValue... kept) {
    try (IValue result = run(method, args, kept)) {
      return result == null ? null : result.toTensor((PtNDManager) owner);
    }
  }

  /**
   * Runs {@code method} on {@code args}, then {@code kept}; frees {@code args} (made per call),
   * never {@code kept} (packed weights and constants, made once).
   *
   * @return the result, or {@code null} when the operator failed: the kernels are then off for the
   *     process, and the caller runs its plain operators
   */
  private IValue run(String method, IValue[] args, IValue... kept) {
    IValue[] all = args;
    if (kept.length > 0) {
      all = Arrays.copyOf(args, args.length + kept.length);
      System.arraycopy(kept, 0, all, args.length, kept.length);
    }
    try {
      return IValueUtils.runMethod(module, method, all);
    } catch (EngineException e) {
      disable(e);
      return null;
    } finally {
      for (IValue a : args) {
        a.close();
      }
    }
  }
}
