package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.nn.Embedding;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;
import dev.llmkit.inference.nn.LoraDelta;
import dev.llmkit.inference.nn.PackedWeight;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.peft.LoraConfig;
import dev.llmkit.inference.safetensors.TensorInfo;
import dev.llmkit.inference.safetensors.TensorReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds checkpoint tensors to a model's parameters while the model is being built: each family asks
 * for its weights by Hugging Face name and expected shape, in one place, and gets typed blocks back
 * ({@link Linear}, {@link LayerNorm}, {@link Embedding}). Problems are collected rather than thrown
 * one by one, so {@link #finish()} can report every missing tensor, every wrong shape and every
 * unexpected tensor at once.
 *
 * <p>Base-model weights are found with or without the family prefix ({@code bert.}, {@code
 * roberta.}, ...): checkpoints of a bare {@code BertModel} have none, task checkpoints do. Head
 * weights ({@code classifier.weight}, {@code qa_outputs.weight}) never carry it. Parameters are
 * registered under the prefixed (task-model) name so that they can be saved back as a checkpoint
 * transformers loads either way. Legacy LayerNorm names {@code gamma}/{@code beta} are accepted.
 */
public final class CheckpointBinder {

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointBinder.class);
  private static final int MAX_LISTED = 25;

  /** Tensors transformers itself drops when loading: buffers and heads we do not run. */
  private static final Pattern IGNORABLE =
      Pattern.compile("(^|\\.)position_ids$|^pooler\\.|\\.pooler\\.|^cls\\.|^lm_head\\.|^vocab_");

  private final TensorReader reader;
  private final String prefix;
  private final boolean checkpointHasPrefix;
  private final DataType dtype;
  private final DataType linearType;
  private final Parameters parameters;
  private final Set<String> used = new HashSet<>();
  private final List<String> missing = new ArrayList<>();
  private final List<String> wrongShape = new ArrayList<>();
  private Predicate<String> ignorable = n -> IGNORABLE.matcher(n).find();
  private boolean rejectUnexpected;
  private LoraConfig lora;
  private NDArray loraScaling;

  /**
   * @param reader the checkpoint
   * @param basePrefix the family's base-model attribute, e.g. {@code "bert"} (no dot)
   * @param manager a fresh manager that will own the weights (closed with the parameters)
   * @param dtype FLOAT32; FLOAT16 for half precision on a GPU; or BFLOAT16 or INT8 for float32
   *     weights whose linear layers, in inference on the CPU, run on bfloat16 copies ({@link
   *     PackedWeight#bfloat16()}) or are quantized dynamically ({@link PackedWeight#int8()})
   */
  public CheckpointBinder(
      TensorReader reader, String basePrefix, NDManager manager, DataType dtype) {
    this.reader = reader;
    this.prefix = basePrefix + ".";
    this.checkpointHasPrefix = reader.names().stream().anyMatch(n -> n.startsWith(prefix));
    this.linearType = dtype;
    boolean packedOnly = dtype == DataType.BFLOAT16 || dtype == DataType.INT8;
    this.dtype = packedOnly ? DataType.FLOAT32 : dtype; // DJL cannot hold bfloat16 arrays
    this.parameters = new Parameters(manager);
  }

  /** The holder the bound weights go to (complete after {@link #finish()}). */
  public Parameters parameters() {
    return parameters;
  }

  /** Also tolerate unexpected tensors matching {@code extra} (besides buffers and unused heads). */
  public CheckpointBinder alsoIgnore(Predicate<String> extra) {
    ignorable = ignorable.or(extra);
    return this;
  }

  /**
   * Refuse tensors that are neither bound nor ignorable, instead of logging them: for families
   * whose checkpoints carry no other heads, where such a tensor means the config does not fit (a
   * checkpoint with more layers than {@code config.json} says).
   */
  public CheckpointBinder rejectUnexpected() {
    rejectUnexpected = true;
    return this;
  }

  /** A base-model tensor, e.g. {@code embeddings.word_embeddings.weight}, of the given shape. */
  public NDArray tensor(String name, long... shape) {
    String stored = checkpointHasPrefix ? prefix + name : name;
    return bind(prefix + name, List.of(stored), shape);
  }

  /** A head tensor outside the base model, e.g. {@code classifier.weight}. */
  public NDArray headTensor(String name, long... shape) {
    return bind(name, List.of(name), shape);
  }

  /**
   * Adds a fresh LoRA update to every base-model linear layer the config targets, initialised as
   * PEFT does ({@code lora_A} Kaiming-uniform with {@code a = sqrt(5)}, i.e. uniform in {@code
   * ±1/sqrt(in)}, from the engine's generator; {@code lora_B} zero, so the model starts unchanged),
   * registered as {@code <module>.lora_A.weight} and {@code <module>.lora_B.weight}.
   */
  public CheckpointBinder withLora(LoraConfig lora) {
    this.lora = lora;
    return this;
  }

  /** A base-model {@code nn.Linear(in, out)} named {@code name} (with {@code .weight/.bias}). */
  public Linear linear(String name, long in, long out) {
    NDArray weight = tensor(name + ".weight", out, in);
    NDArray bias = tensor(name + ".bias", out);
    if (lora == null || !lora.targets(name)) {
      return new Linear(weight, bias, null, packedWeight());
    }
    NDManager m = parameters.manager();
    float bound = (float) (1 / Math.sqrt(in));
    NDArray a = m.randomUniform(-bound, bound, new Shape(lora.r(), in), DataType.FLOAT32);
    NDArray b = m.zeros(new Shape(out, lora.r()), DataType.FLOAT32);
    if (loraScaling == null) {
      loraScaling = m.create((float) lora.scaling());
    }
    return new Linear(
        weight,
        bias,
        new LoraDelta(
            parameters.register(prefix + name + ".lora_A.weight", a),
            parameters.register(prefix + name + ".lora_B.weight", b),
            loraScaling,
            (float) lora.loraDropout()),
        packedWeight());
  }

  /** A head {@code nn.Linear(in, out)}. */
  public Linear headLinear(String name, long in, long out) {
    return new Linear(
        headTensor(name + ".weight", out, in),
        headTensor(name + ".bias", out),
        null,
        packedWeight());
  }

  /** Where inference keeps a linear layer's weight packed: float32, bfloat16 or int8. */
  private PackedWeight packedWeight() {
    return switch (linearType) {
      case BFLOAT16 -> PackedWeight.bfloat16();
      case INT8 -> PackedWeight.int8();
      default -> new PackedWeight();
    };
  }

  /**
   * The head {@code nn.Linear(in, out)} named {@code name} when the checkpoint has one of that
   * shape, else {@code null}, with nothing reported missing: what {@code from_pretrained} of a task
   * model does with a checkpoint of the same task (keeps the head) or of a bare encoder (starts a
   * new one).
   */
  public Linear headLinearIfPresent(String name, long in, long out) {
    boolean fits =
        Arrays.equals(headShape(name + ".weight"), new long[] {out, in})
            && Arrays.equals(headShape(name + ".bias"), new long[] {out});
    return fits ? headLinear(name, in, out) : null;
  }

  /** A head {@code nn.LayerNorm(dim, eps)} outside the base model. */
  public LayerNorm headLayerNorm(String name, long dim, float eps) {
    NDArray w = bind(name + ".weight", List.of(name + ".weight", name + ".gamma"), dim);
    NDArray b = bind(name + ".bias", List.of(name + ".bias", name + ".beta"), dim);
    return new LayerNorm(w, b, eps);
  }

  /** A head tensor stored under the first of several names (e.g. tied or legacy names). */
  public NDArray headTensorOf(List<String> names, long... shape) {
    return bind(names.get(0), names, shape);
  }

  /** A base-model {@code nn.LayerNorm(dim, eps)}. */
  public LayerNorm layerNorm(String name, long dim, float eps) {
    String stored = checkpointHasPrefix ? prefix + name : name;
    NDArray w =
        bind(prefix + name + ".weight", List.of(stored + ".weight", stored + ".gamma"), dim);
    NDArray b = bind(prefix + name + ".bias", List.of(stored + ".bias", stored + ".beta"), dim);
    return new LayerNorm(w, b, eps);
  }

  /** A base-model {@code nn.Embedding(rows, dim)} ({@code name.weight}). */
  public Embedding embedding(String name, long rows, long dim) {
    return new Embedding(tensor(name + ".weight", rows, dim));
  }

  /** Whether the checkpoint stores base-model names with the family prefix. */
  public boolean checkpointHasPrefix() {
    return checkpointHasPrefix;
  }

  /** Whether the checkpoint has a head tensor of that name (to pick an optional head). */
  public boolean hasHeadTensor(String name) {
    return reader.contains(name);
  }

  /** The stored shape of a head tensor, if present (e.g. to infer the number of labels). */
  public long[] headShape(String name) {
    return reader.info(name).map(TensorInfo::shape).orElse(null);
  }

  private NDArray bind(String canonical, List<String> candidates, long... shape) {
    String stored = candidates.stream().filter(reader::contains).findFirst().orElse(null);
    if (stored == null) {
      missing.add(candidates.get(0));
      return null;
    }
    used.add(stored);
    long[] actual = reader.require(stored).shape();
    if (!Arrays.equals(actual, shape)) {
      wrongShape.add(
          stored + " is " + Arrays.toString(actual) + ", expected " + Arrays.toString(shape));
      return null;
    }
    NDArray array = reader.read(stored, parameters.manager());
    if (array.getDataType() != dtype) {
      NDArray converted = array.toType(dtype, false);
      array.close();
      array = converted;
    }
    return parameters.register(canonical, array);
  }

  /**
   * Validates the binding. Unexpected tensors that are known to be droppable (position-id buffers,
   * poolers, MLM heads) or that belong to another head are logged, as transformers does.
   *
   * @return the complete parameters
   * @throws ModelLoadException listing every missing tensor, wrong shape and unexpected tensor
   *     (unexpected ones alone only after {@link #rejectUnexpected()}); the weights loaded so far
   *     are freed
   */
  public Parameters finish() {
    Set<String> unexpected = new TreeSet<>(reader.names());
    unexpected.removeAll(used);
    List<String> surprising = unexpected.stream().filter(ignorable.negate()).toList();
    if (!missing.isEmpty() || !wrongShape.isEmpty() || rejectUnexpected && !surprising.isEmpty()) {
      parameters.close();
      StringBuilder sb = new StringBuilder(reader.path().toString()).append(": weights do not fit");
      if (!missing.isEmpty()) {
        sb.append("; missing ").append(missing.size()).append(": ").append(list(missing));
      }
      if (!wrongShape.isEmpty()) {
        sb.append("; wrong shape: ").append(list(wrongShape));
      }
      List<String> listed = rejectUnexpected ? surprising : new ArrayList<>(unexpected);
      if (!listed.isEmpty()) {
        sb.append("; unexpected ").append(listed.size()).append(": ").append(list(listed));
      }
      throw new ModelLoadException(sb.toString());
    }
    if (!surprising.isEmpty()) {
      LOG.warn("{}: {} unused tensors: {}", reader.path(), surprising.size(), list(surprising));
    }
    return parameters;
  }

  private static String list(List<String> names) {
    return names.size() <= MAX_LISTED
        ? names.toString()
        : names.subList(0, MAX_LISTED) + " and " + (names.size() - MAX_LISTED) + " more";
  }
}
