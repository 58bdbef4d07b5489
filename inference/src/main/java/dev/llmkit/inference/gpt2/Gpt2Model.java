package dev.llmkit.inference.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.generation.CausalLanguageModel;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.model.ModelInputException;
import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.Embedding;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.TensorReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * GPT-2 with its tied causal-LM head, on DJL NDArray operations. Mirrors Hugging Face {@code
 * GPT2LMHeadModel} (<a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/models/gpt2/modeling_gpt2.py">modeling_gpt2.py</a>):
 * pre-LayerNorm blocks, Conv1D projections stored (in, out), learned positions, a causal mask.
 *
 * <p>Every array a call creates belongs to the manager of {@code inputIds}: run each request in a
 * child of {@link #manager()} and close it afterwards.
 */
public final class Gpt2Model implements CausalLanguageModel, AutoCloseable {

  private final Gpt2Config config;
  private final Gpt2Weights weights;
  private final NDManager manager;
  private final NDArray lmHeadT; // (C, V): a transposed view of the head, made once
  private final Embedding wte;
  private final Embedding wpe;
  private final List<LayerNorm[]> norms; // per block {ln_1, ln_2}
  private final LayerNorm lnF;
  private volatile boolean float16Decoding = FLOAT16_DECODING_DEFAULT;
  private volatile Float16Decoding float16; // made at the first decoding step on the CPU

  /**
   * Whether decoding steps on the CPU read float16 copies of the weights ({@link
   * #nextTokenLogits}); {@code -Dllmkit.gpt2.float16Decoding=false} keeps float32 throughout.
   */
  public static final boolean FLOAT16_DECODING_DEFAULT =
      Boolean.parseBoolean(System.getProperty("llmkit.gpt2.float16Decoding", "true"));

  /**
   * Wraps loaded weights.
   *
   * @param manager owns the weights; closed by {@link #close()}
   */
  public Gpt2Model(Gpt2Config config, Gpt2Weights weights, NDManager manager) {
    this.config = Objects.requireNonNull(config, "config");
    this.weights = Objects.requireNonNull(weights, "weights");
    this.manager = Objects.requireNonNull(manager, "manager");
    this.lmHeadT = weights.lmHead().transpose();
    this.wte = new Embedding(weights.wte());
    this.wpe = new Embedding(weights.wpe());
    float eps = (float) config.layerNormEpsilon();
    this.norms =
        weights.blocks().stream()
            .map(
                b ->
                    new LayerNorm[] {
                      new LayerNorm(b.ln1Weight(), b.ln1Bias(), eps),
                      new LayerNorm(b.ln2Weight(), b.ln2Bias(), eps)
                    })
            .toList();
    this.lnF = new LayerNorm(weights.lnFWeight(), weights.lnFBias(), eps);
  }

  /**
   * Loads {@code config.json} and the safetensors checkpoint ({@code model.safetensors} or a
   * sharded index) of a Hugging Face model directory.
   *
   * @param parent the weights go into a new child of it, closed by {@link #close()}
   * @throws dev.llmkit.inference.safetensors.SafetensorsException on a corrupt checkpoint
   * @throws ModelLoadException when config.json is missing or not GPT-2, or tensors are missing,
   *     unexpected or misshapen
   */
  public static Gpt2Model load(Path directory, NDManager parent) {
    Gpt2Config config = Gpt2Config.read(directory);
    try (TensorReader reader = Safetensors.open(directory)) {
      return load(config, reader, parent);
    }
  }

  /**
   * As {@link #load(Path, NDManager)}, for loaders that pass a precision: GPT-2 loads in float32
   * (its decoding steps on the CPU read float16 copies, {@link #float16Decoding}).
   *
   * @throws ModelLoadException when {@code dtype} is not float32
   */
  public static Gpt2Model load(Path directory, NDManager parent, DataType dtype) {
    if (dtype != DataType.FLOAT32) {
      throw new ModelLoadException(
          "GPT-2 loads in float32, not "
              + dtype
              + ": leave --dtype (or generate.dtype) at float32");
    }
    return load(directory, parent);
  }

  /**
   * Loads the weights of {@code config} from an open checkpoint.
   *
   * @param parent the weights go into a new child of it, closed by {@link #close()}
   */
  public static Gpt2Model load(Gpt2Config config, TensorReader reader, NDManager parent) {
    NDManager manager = parent.newSubManager();
    try {
      CheckpointBinder binder =
          new CheckpointBinder(reader, Gpt2Weights.BASE_PREFIX, manager, DataType.FLOAT32);
      Gpt2Weights weights = Gpt2Weights.bind(config, binder);
      binder.finish();
      return new Gpt2Model(config, weights, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Turns on or off the float16 weights that {@link #nextTokenLogits} reads in decoding steps on
   * the CPU (default {@link #FLOAT16_DECODING_DEFAULT}); off, decoding is float32 throughout.
   *
   * @return this model
   */
  public Gpt2Model float16Decoding(boolean on) {
    this.float16Decoding = on;
    return this;
  }

  /** The config. */
  public Gpt2Config config() {
    return config;
  }

  /** The parameters. */
  public Gpt2Weights weights() {
    return weights;
  }

  @Override
  public NDManager manager() {
    return manager;
  }

  @Override
  public int vocabSize() {
    return config.vocabSize();
  }

  @Override
  public int contextLength() {
    return config.nPositions();
  }

  @Override
  public OptionalLong eosTokenId() {
    return config.eos();
  }

  @Override
  public OptionalLong bosTokenId() {
    return config.bos();
  }

  @Override
  public KvCache newCache(NDManager requestManager, int batchSize, int capacity) {
    return KvCache.allocate(
        requestManager,
        config.nLayer(),
        batchSize,
        config.nHead(),
        config.headDim(),
        Math.min(capacity, config.nPositions()),
        DataType.FLOAT32);
  }

  @Override
  public NDArray nextTokenLogits(NDArray inputIds, KvCache cache) {
    Float16Decoding half = float16For(inputIds);
    NDArray hidden = forward(inputIds, null, cache, half).get(":, -1, :"); // (B, C)
    return half == null ? lmHead(hidden) : half.logits(hidden); // (B, V)
  }

  /**
   * The float16 copies for a decoding step of up to 4 sequences (one new token each) on the CPU,
   * made at the first such step; null for prompts, larger batches, when turned off, or while the
   * weights are trained (then the copies, which would no longer follow them, are dropped).
   */
  private Float16Decoding float16For(NDArray inputIds) {
    Shape shape = inputIds.getShape();
    boolean step = shape.dimension() == 2 && shape.get(1) == 1 && shape.get(0) <= 4;
    boolean applies = Float16Decoding.applies(weights);
    if (!applies && float16 != null) {
      synchronized (this) {
        if (float16 != null) {
          float16.close();
          float16 = null;
        }
      }
    }
    if (!step || !float16Decoding || !applies) {
      return null;
    }
    Float16Decoding h = float16;
    if (h == null) {
      synchronized (this) {
        if (float16 == null) {
          float16 = Float16Decoding.of(weights);
        }
        h = float16;
      }
    }
    return h;
  }

  /** Logits of every position without a cache: {@code (B, T)} ids to {@code (B, T, V)}. */
  public NDArray logits(NDArray inputIds, NDArray attentionMask) {
    return lmHead(forward(inputIds, attentionMask, null));
  }

  /** The tied LM head: {@code (..., C)} to {@code (..., V)}. */
  public NDArray lmHead(NDArray hidden) {
    return hidden.matMul(lmHeadT);
  }

  /**
   * The last hidden state, after {@code ln_f}.
   *
   * @param inputIds (B, T) int64 token ids
   * @param attentionMask (B, past + T) int64, 1 for real tokens and 0 for padding, or null for all
   *     ones. Position ids follow it ({@code cumsum(mask) - 1}, as HF generation does), so left
   *     padding does not shift positions.
   * @param cache keys and values of earlier tokens, extended and advanced by T; or null
   * @return (B, T, C)
   * @throws ModelInputException on shapes that do not fit, ids outside the vocabulary, or past + T
   *     beyond n_positions
   */
  public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
    return forward(inputIds, attentionMask, cache, null);
  }

  private NDArray forward(
      NDArray inputIds, NDArray attentionMask, KvCache cache, Float16Decoding half) {
    checkInputs(inputIds, attentionMask, cache);
    NDManager m = inputIds.getManager();
    long b = inputIds.getShape().get(0);
    long t = inputIds.getShape().get(1);
    int past = cache == null ? 0 : cache.length();
    NDArray positions = positionIds(m, attentionMask, past, t); // (B or 1, T)
    NDArray x = wte.forward(inputIds).add(wpe.forward(positions)); // (B, T, C)
    NDArray bias = attentionBias(m, attentionMask, past, t); // (B or 1, 1, T, S) or null
    Activation act = config.activationFunction();
    for (int i = 0; i < weights.blocks().size(); i++) {
      Gpt2Weights.Block w = weights.blocks().get(i);
      LayerNorm[] ln = norms.get(i);
      Float16Decoding.Block h16 = half == null ? null : half.block(i);
      x = x.add(attention(ln[0].forward(x), w, i, cache, bias, h16));
      NDArray h = // (B, T, I)
          project(ln[1].forward(x), w.fcWeight(), w.fcBias(), h16 == null ? null : h16.fc());
      x =
          x.add(
              project(
                  act.apply(h),
                  w.mlpProjWeight(),
                  w.mlpProjBias(),
                  h16 == null ? null : h16.mlpProj()));
    }
    if (cache != null) {
      cache.advance((int) t);
    }
    return lnF.forward(x);
  }

  /** Causal self-attention of one block: (B, T, C) to (B, T, C). */
  private NDArray attention(
      NDArray x,
      Gpt2Weights.Block w,
      int layer,
      KvCache cache,
      NDArray bias,
      Float16Decoding.Block h16) {
    int h = config.nHead();
    NDList qkv = // 3 × (B, T, C)
        project(x, w.attnWeight(), w.attnBias(), h16 == null ? null : h16.attn()).split(3, 2);
    NDArray q = Attention.splitHeads(qkv.get(0), h); // (B, H, T, D)
    NDArray k = Attention.splitHeads(qkv.get(1), h);
    NDArray v = Attention.splitHeads(qkv.get(2), h);
    if (cache != null) {
      KvCache.KeyValues kv = cache.append(layer, k, v); // (B, H, S, D), S = past + T
      k = kv.keys();
      v = kv.values();
    }
    NDArray context = Attention.causalScaledDotProduct(q, k, v, bias); // (B, H, T, D)
    return project(
        Attention.mergeHeads(context),
        w.attnProjWeight(),
        w.attnProjBias(),
        h16 == null ? null : h16.attnProj());
  }

  /**
   * 0 where query i may see key j, the lowest float elsewhere: keys after the query (causal) and
   * padding keys. Null when nothing is masked (one new token, no padding).
   */
  private static NDArray attentionBias(NDManager m, NDArray mask, int past, long t) {
    long s = past + t;
    if (mask == null) {
      return t == 1 ? null : Attention.causalMask(m, t, s, DataType.FLOAT32); // (1, 1, T, S)
    }
    // One combined boolean: adding a causal and a padding mask would sum two lowest floats to
    // -inf, and fully masked (padding) rows would turn into NaN that leaks through matMul.
    NDArray query = m.arange(past, (int) s).reshape(t, 1); // absolute positions (T, 1)
    NDArray key = m.arange(0, (int) s).reshape(1, s); // (1, S)
    long b = mask.getShape().get(0);
    NDArray allowed = key.lte(query).logicalAnd(mask.eq(1).reshape(b, 1, 1, s)); // (B, 1, T, S)
    NDArray one = m.create(1f);
    NDArray lowest = m.create(Attention.lowest(DataType.FLOAT32));
    return one.sub(allowed.toType(DataType.FLOAT32, false)).mul(lowest);
  }

  /** Absolute position of each new token: (1, T) without a mask, else (B, T). */
  private static NDArray positionIds(NDManager m, NDArray mask, int past, long t) {
    if (mask == null) {
      return m.arange(past, past + (int) t).toType(DataType.INT64, false).reshape(1, t);
    }
    // HF generation: position_ids = cumsum(mask) - 1, padding set to 1 (any valid id will do).
    NDArray positions = mask.cumSum(1).sub(1).maximum(0); // (B, S)
    return positions.get(":, {}:", past);
  }

  /** A projection: float16 for a decoding step when {@code half} is given, else {@link #conv1d}. */
  private static NDArray project(NDArray x, NDArray weight, NDArray bias, NDArray half) {
    return half == null ? conv1d(x, weight, bias) : Float16Decoding.project(x, half, bias);
  }

  /**
   * GPT-2's Conv1D: {@code x · W + b} with W stored (in, out), unlike {@code nn.Linear}. Runs as a
   * linear layer over a transposed view of W, so that PyTorch fuses the bias into one addmm. The
   * view is made per call (a view made once would not carry gradients once training marks W) and
   * belongs to the request, not to the weights' manager.
   */
  private static NDArray conv1d(NDArray x, NDArray weight, NDArray bias) {
    NDArray transposed = weight.transpose(); // (out, in)
    transposed.attach(x.getManager());
    return new Linear(transposed, bias).forward(x);
  }

  private void checkInputs(NDArray ids, NDArray mask, KvCache cache) {
    Shape shape = ids.getShape();
    if (shape.dimension() != 2 || shape.get(1) < 1 || shape.get(0) < 1) {
      throw new ModelInputException("input_ids must be (batch, tokens), got " + shape);
    }
    if (ids.getDataType() != DataType.INT64) {
      throw new ModelInputException("input_ids must be int64, got " + ids.getDataType());
    }
    if (cache != null && cache.batchSize() != shape.get(0)) {
      throw new ModelInputException(
          "the KV cache holds " + cache.batchSize() + " sequences, input_ids " + shape.get(0));
    }
    long past = cache == null ? 0 : cache.length();
    long total = past + shape.get(1);
    if (total > config.nPositions()) {
      throw new ModelInputException(
          "%d cached + %d new tokens exceed n_positions %d"
              .formatted(past, shape.get(1), config.nPositions()));
    }
    if (mask != null && !mask.getShape().equals(new Shape(shape.get(0), total))) {
      throw new ModelInputException(
          "attention_mask must be (batch, past + tokens) = "
              + new Shape(shape.get(0), total)
              + ", got "
              + mask.getShape());
    }
    long min;
    long max;
    try (NDArray lo = ids.min();
        NDArray hi = ids.max()) {
      min = lo.getLong();
      max = hi.getLong();
    }
    if (min < 0 || max >= config.vocabSize()) {
      throw new ModelInputException(
          "token ids must be in [0, %d), got [%d, %d]".formatted(config.vocabSize(), min, max));
    }
  }

  /** Closes the weights' manager. */
  @Override
  public void close() {
    manager.close();
  }
}
