package dev.llmkit.inference.gpt2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.llmkit.inference.generation.CausalLanguageModel;
import dev.llmkit.inference.generation.KvCache;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.TensorReader;
import java.io.IOException;
import java.nio.file.Path;
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

  /** Added to the scores of masked keys; exp underflows to exactly 0. */
  private static final float MASKED = -1e9f;

  private static final float GELU_SCALE = (float) Math.sqrt(2 / Math.PI);

  private final Gpt2Config config;
  private final Gpt2Weights weights;
  private final NDManager manager;
  private final NDArray lmHeadT; // (C, V): a transposed view of the head, made once
  // Scalars as arrays owned by the model: a Java-number operand (x.mul(0.5f)) is a temporary
  // tensor freed at once, which corrupts gradients when training (see djl-pitfalls.md).
  private final NDArray attentionScale;
  private final NDArray geluCubic;
  private final NDArray geluScale;
  private final NDArray one;
  private final NDArray half;

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
    this.attentionScale = manager.create((float) (1 / Math.sqrt(config.headDim())));
    this.geluCubic = manager.create(0.044715f);
    this.geluScale = manager.create(GELU_SCALE);
    this.one = manager.create(1f);
    this.half = manager.create(0.5f);
  }

  /**
   * Loads {@code config.json} and the safetensors checkpoint ({@code model.safetensors} or a
   * sharded index) of a Hugging Face model directory.
   *
   * @param parent the weights go into a new child of it, closed by {@link #close()}
   * @throws IOException when {@code config.json} cannot be read
   * @throws dev.llmkit.inference.safetensors.SafetensorsException on a corrupt checkpoint
   * @throws Gpt2CheckpointException when tensors are missing, unexpected or misshapen
   */
  public static Gpt2Model load(Path directory, NDManager parent) throws IOException {
    Gpt2Config config = Gpt2Config.read(directory.resolve("config.json"));
    try (TensorReader reader = Safetensors.open(directory)) {
      return load(config, reader, parent);
    }
  }

  /**
   * Loads the weights of {@code config} from an open checkpoint.
   *
   * @param parent the weights go into a new child of it, closed by {@link #close()}
   */
  public static Gpt2Model load(Gpt2Config config, TensorReader reader, NDManager parent) {
    NDManager manager = parent.newSubManager();
    try {
      Gpt2Weights weights =
          Gpt2Weights.load(config, reader.names(), name -> reader.read(name, manager));
      return new Gpt2Model(config, weights, manager);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
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
    NDArray hidden = forward(inputIds, null, cache); // (B, T, C)
    return lmHead(hidden.get(":, -1, :")); // (B, V)
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
   * @throws IllegalArgumentException on shapes that do not fit, ids outside the vocabulary, or past
   *     + T beyond n_positions
   */
  public NDArray forward(NDArray inputIds, NDArray attentionMask, KvCache cache) {
    checkInputs(inputIds, attentionMask, cache);
    NDManager m = inputIds.getManager();
    long b = inputIds.getShape().get(0);
    long t = inputIds.getShape().get(1);
    int past = cache == null ? 0 : cache.length();
    NDArray positions = positionIds(m, attentionMask, past, t); // (B or 1, T)
    NDArray x = embed(inputIds, weights.wte()).add(embed(positions, weights.wpe())); // (B, T, C)
    NDArray bias = attentionBias(m, attentionMask, past, t); // (B or 1, 1, T, S) or null
    for (int i = 0; i < weights.blocks().size(); i++) {
      Gpt2Weights.Block w = weights.blocks().get(i);
      NDArray a = attention(layerNorm(x, w.ln1Weight(), w.ln1Bias()), w, i, cache, bias, b, t);
      x = x.add(a);
      NDArray h = linear(layerNorm(x, w.ln2Weight(), w.ln2Bias()), w.fcWeight(), w.fcBias());
      x = x.add(linear(activation(h), w.mlpProjWeight(), w.mlpProjBias()));
    }
    if (cache != null) {
      cache.advance((int) t);
    }
    return layerNorm(x, weights.lnFWeight(), weights.lnFBias());
  }

  /** Causal self-attention of one block: (B, T, C) to (B, T, C). */
  private NDArray attention(
      NDArray x, Gpt2Weights.Block w, int layer, KvCache cache, NDArray bias, long b, long t) {
    int h = config.nHead();
    int d = config.headDim();
    NDList qkv = linear(x, w.attnWeight(), w.attnBias()).split(3, 2); // 3 × (B, T, C)
    NDArray q = heads(qkv.get(0), b, t, h, d); // (B, H, T, D)
    NDArray k = heads(qkv.get(1), b, t, h, d);
    NDArray v = heads(qkv.get(2), b, t, h, d);
    if (cache != null) {
      KvCache.KeyValues kv = cache.append(layer, k, v); // (B, H, S, D), S = past + T
      k = kv.keys();
      v = kv.values();
    }
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(attentionScale); // (B, H, T, S)
    if (bias != null) {
      scores = scores.add(bias);
    }
    NDArray context = scores.softmax(-1).matMul(v); // (B, H, T, D)
    NDArray merged = context.transpose(0, 2, 1, 3).reshape(b, t, (long) h * d); // (B, T, C)
    return linear(merged, w.attnProjWeight(), w.attnProjBias());
  }

  /** (B, T, C) to (B, H, T, D). */
  private static NDArray heads(NDArray x, long b, long t, int h, int d) {
    return x.reshape(b, t, h, d).transpose(0, 2, 1, 3);
  }

  /**
   * 0 where query i may see key j, {@link #MASKED} elsewhere: keys after the query (causal) and
   * padding keys. Null when nothing is masked (one new token, no padding).
   */
  private static NDArray attentionBias(NDManager m, NDArray mask, int past, long t) {
    if (t == 1 && mask == null) {
      return null;
    }
    long s = past + t;
    NDArray query = m.arange(past, (int) s).reshape(t, 1); // absolute positions (T, 1)
    NDArray key = m.arange(0, (int) s).reshape(1, s); // (1, S)
    NDArray allowed = key.lte(query); // (T, S)
    if (mask != null) {
      long b = mask.getShape().get(0);
      allowed = allowed.logicalAnd(mask.eq(1).reshape(b, 1, 1, s)); // (B, 1, T, S)
    }
    return allowed.toType(DataType.FLOAT32, false).sub(1f).mul(-MASKED);
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

  /** Row lookup {@code table[ids]}; the result belongs to the manager of {@code ids}. */
  private static NDArray embed(NDArray ids, NDArray table) {
    NDArray rows =
        ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
    rows.attach(ids.getManager());
    return rows;
  }

  /** Conv1D: {@code x · W + b} with W stored (in, out). */
  private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
    return x.matMul(weight).add(bias);
  }

  private NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
    Shape normalized = new Shape(config.nEmbd());
    return x.getNDArrayInternal()
        .layerNorm(x, normalized, gamma, beta, (float) config.layerNormEpsilon())
        .singletonOrThrow();
  }

  private NDArray activation(NDArray x) {
    return switch (config.activationFunction()) {
      case "relu" -> x.getNDArrayInternal().relu();
      case "gelu" -> x.getNDArrayInternal().gelu(); // exact erf form
      default -> geluNew(x);
    };
  }

  /** {@code gelu_new}: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))), as HF's NewGELUActivation. */
  private NDArray geluNew(NDArray x) {
    NDArray inner = x.add(x.mul(x).mul(x).mul(geluCubic)).mul(geluScale);
    return x.mul(inner.tanh().add(one)).mul(half);
  }

  private void checkInputs(NDArray ids, NDArray mask, KvCache cache) {
    Shape shape = ids.getShape();
    if (shape.dimension() != 2 || shape.get(1) < 1 || shape.get(0) < 1) {
      throw new IllegalArgumentException("input_ids must be (batch, tokens), got " + shape);
    }
    if (ids.getDataType() != DataType.INT64) {
      throw new IllegalArgumentException("input_ids must be int64, got " + ids.getDataType());
    }
    long past = cache == null ? 0 : cache.length();
    long total = past + shape.get(1);
    if (total > config.nPositions()) {
      throw new IllegalArgumentException(
          "%d cached + %d new tokens exceed n_positions %d"
              .formatted(past, shape.get(1), config.nPositions()));
    }
    if (mask != null && !mask.getShape().equals(new Shape(shape.get(0), total))) {
      throw new IllegalArgumentException(
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
      throw new IllegalArgumentException(
          "token ids must be in [0, %d), got [%d, %d]".formatted(config.vocabSize(), min, max));
    }
  }

  /** Closes the weights' manager. */
  @Override
  public void close() {
    manager.close();
  }
}
