package dev.llmkit.inference.fillmask;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.MaskedLanguageModel;
import dev.llmkit.inference.model.ModelInputException;
import dev.llmkit.inference.nn.NoGrad;
import dev.llmkit.inference.pipeline.ModelInputs;
import dev.llmkit.inference.pipeline.PipelineBuilder;
import dev.llmkit.inference.pipeline.PipelineBuilder.CallManager;
import dev.llmkit.tokenization.BatchOptions;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Fill-mask, the task BERT was pretrained on, with the semantics of Hugging Face's <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/fill_mask.py">fill_mask.py</a>:
 * for every mask token in the text, the {@code top_k} most probable tokens (softmax over the whole
 * vocabulary, then restricted to {@code targets} if given), each with the text it completes.
 *
 * <pre>{@code
 * try (FillMaskPipeline fill = FillMaskPipeline.builder().model(mlm).tokenizer(tokenizer).build()) {
 *   List<List<FillMaskCandidate>> perMask = fill.run("The capital of France is [MASK].");
 *   perMask.get(0).get(0).tokenStr(); // "Paris"
 * }
 * }</pre>
 *
 * <p>With several masks, each mask's candidates come from the same forward pass, and {@code
 * sequence} keeps the special tokens and the other masks, as transformers does. Texts longer than
 * the model's window are truncated. Each call's arrays live in a child of the pipeline's manager.
 */
public final class FillMaskPipeline implements AutoCloseable {

  private final MaskedLanguageModel model;
  private final Tokenizer tokenizer;
  private final NDManager manager;
  private final CallManager calls;
  private final int maxLength;
  private final long maskId;
  private final long padId;
  private final String maskToken;

  private FillMaskPipeline(Builder b) {
    this.model = b.requireModel();
    this.tokenizer = b.requireTokenizer();
    OptionalLong mask = tokenizer.specialTokens().mask();
    if (mask.isEmpty()) {
      throw new IllegalArgumentException(tokenizer.name() + " has no mask token");
    }
    this.maskId = mask.getAsLong();
    this.maskToken = tokenizer.idToToken(maskId);
    this.padId = tokenizer.specialTokens().pad().orElse(0);
    this.maxLength = Math.min(tokenizer.modelMaxLength(), model.encoder().maxSequenceLength());
    this.calls = b.callManager(model.encoder().parameters().manager());
    this.manager = calls.manager();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The mask token as users type it ({@code [MASK]}). */
  public String maskToken() {
    return maskToken;
  }

  /** Fills one text with the default options. */
  public List<List<FillMaskCandidate>> run(String text) {
    return run(text, FillMaskOptions.defaults());
  }

  /**
   * Fills every mask of one text.
   *
   * @return one list of candidates per mask, in text order, each sorted by score
   * @throws NoMaskTokenException if the text has no mask token, or no target is a token
   */
  public List<List<FillMaskCandidate>> run(String text, FillMaskOptions options) {
    return run(List.of(text), options).get(0);
  }

  /** Fills several texts in one batch; see {@link #run(String, FillMaskOptions)}. */
  public List<List<List<FillMaskCandidate>>> run(List<String> texts, FillMaskOptions options) {
    BatchOptions truncate =
        BatchOptions.builder()
            .truncation(true)
            .maxLength(maxLength)
            .padding(BatchOptions.Padding.NONE)
            .build();
    return runEncoded(tokenizer.encodeBatch(texts, truncate), options);
  }

  /**
   * Fills texts already encoded with this pipeline's tokenizer (special tokens included): what a
   * server that encoded them at admission runs, so that each text is tokenized once. Candidates'
   * sequences are decoded from the ids.
   *
   * @throws ModelInputException when an encoding is longer than the model takes; nothing is
   *     computed then
   * @throws NoMaskTokenException if an encoding has no mask token, or no target is a token
   */
  public List<List<List<FillMaskCandidate>>> runEncoded(
      List<Encoding> encodings, FillMaskOptions options) {
    for (int i = 0; i < encodings.size(); i++) {
      if (encodings.get(i).length() > maxLength) {
        throw new ModelInputException(
            "input %d has %d tokens but the model accepts at most %d"
                .formatted(i, encodings.get(i).length(), maxLength));
      }
    }
    long[] targets = targetIds(options.targets());
    List<long[]> positions = new ArrayList<>();
    int width = encodings.stream().mapToInt(Encoding::length).max().orElse(0);
    List<Long> flat = new ArrayList<>();
    for (int row = 0; row < encodings.size(); row++) {
      long[] ids = encodings.get(row).ids();
      long[] masks = new long[0];
      for (int t = 0; t < ids.length; t++) {
        if (ids[t] == maskId) {
          masks = Arrays.copyOf(masks, masks.length + 1);
          masks[masks.length - 1] = t;
          flat.add((long) row * width + t);
        }
      }
      if (masks.length == 0) {
        throw new NoMaskTokenException("No mask_token (" + maskToken + ") found on the input");
      }
      positions.add(masks);
    }
    float[][] logits = forward(encodings, flat);
    List<List<List<FillMaskCandidate>>> out = new ArrayList<>(encodings.size());
    int k = 0;
    for (int row = 0; row < encodings.size(); row++) {
      long[] ids = encodings.get(row).ids();
      long[] masks = positions.get(row);
      List<List<FillMaskCandidate>> perMask = new ArrayList<>(masks.length);
      for (long position : masks) {
        perMask.add(
            candidates(
                logits[k++], ids, (int) position, masks.length == 1, targets, options.topK()));
      }
      out.add(perMask);
    }
    return out;
  }

  private List<FillMaskCandidate> candidates(
      float[] logits, long[] ids, int position, boolean singleMask, long[] targets, int topK) {
    double[] probs = softmax(logits);
    long[] pool = targets != null ? targets : allIds(probs.length);
    int[] best = topK(probs, pool, Math.min(topK, pool.length));
    List<FillMaskCandidate> out = new ArrayList<>(best.length);
    for (int i : best) {
      long token = pool[i];
      long[] filled = ids.clone();
      filled[position] = token;
      long[] kept = Arrays.stream(filled).filter(id -> id != padId).toArray();
      out.add(
          new FillMaskCandidate(
              probs[(int) token],
              token,
              tokenizer.decode(new long[] {token}, false),
              tokenizer.decode(kept, singleMask)));
    }
    return out;
  }

  /**
   * Indices into {@code pool} of the {@code k} most probable tokens, best first; ties go to the
   * lower index, as {@code torch.topk} on CPU returns them. A bounded heap: no sort of the whole
   * vocabulary per mask.
   */
  static int[] topK(double[] probs, long[] pool, int k) {
    Comparator<Integer> better =
        (x, y) -> {
          double px = probs[(int) pool[x]];
          double py = probs[(int) pool[y]];
          return px != py ? Double.compare(py, px) : Integer.compare(x, y);
        };
    PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, better.reversed()); // worst on top
    for (int i = 0; i < pool.length; i++) {
      heap.add(i);
      if (heap.size() > k) {
        heap.poll();
      }
    }
    Integer[] kept = heap.toArray(new Integer[0]);
    Arrays.sort(kept, better);
    return Arrays.stream(kept).mapToInt(Integer::intValue).toArray();
  }

  private static long[] allIds(int vocabSize) {
    long[] ids = new long[vocabSize];
    for (int i = 0; i < vocabSize; i++) {
      ids[i] = i;
    }
    return ids;
  }

  /** transformers' {@code get_target_ids}: vocabulary words as is, others by their first token. */
  private long[] targetIds(List<String> targets) {
    if (targets.isEmpty()) {
      return null;
    }
    Set<Long> ids = new LinkedHashSet<>();
    for (String target : targets) {
      OptionalLong id = tokenizer.tokenToId(target);
      if (id.isPresent()) {
        ids.add(id.getAsLong());
        continue;
      }
      long[] pieces = tokenizer.encode(target, false).ids();
      if (pieces.length > 0) {
        ids.add(pieces[0]);
      }
    }
    if (ids.isEmpty()) {
      throw new NoMaskTokenException("At least one target must be provided when passed.");
    }
    return ids.stream().mapToLong(Long::longValue).toArray();
  }

  private float[][] forward(List<Encoding> encodings, List<Long> flatPositions) {
    try (NDManager request = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      ModelInputs in = ModelInputs.of(request, encodings, padId);
      NDArray types = model.encoder().usesTokenTypes() ? in.tokenTypeIds() : null;
      NDArray positions =
          request.create(flatPositions.stream().mapToLong(Long::longValue).toArray());
      NDArray logits = model.logitsAt(in.inputIds(), in.attentionMask(), types, positions);
      logits.attach(request);
      float[] all = logits.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).toFloatArray();
      int v = model.vocabSize();
      float[][] out = new float[flatPositions.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = Arrays.copyOfRange(all, i * v, (i + 1) * v);
      }
      return out;
    }
  }

  /** Softmax in double precision (max-subtracted). */
  static double[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float x : logits) {
      max = Math.max(max, x);
    }
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  @Override
  public void close() {
    calls.close();
  }

  /** Builder for {@link FillMaskPipeline}. */
  public static final class Builder extends PipelineBuilder<MaskedLanguageModel, Builder> {

    private Builder() {}

    /** Builds the pipeline. */
    public FillMaskPipeline build() {
      return new FillMaskPipeline(this);
    }
  }
}
