package dev.llmkit.inference.ner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.nn.NoGrad;
import dev.llmkit.inference.pipeline.Batching;
import dev.llmkit.inference.pipeline.ModelInputs;
import dev.llmkit.inference.pipeline.PipelineBuilder;
import dev.llmkit.inference.pipeline.PipelineBuilder.CallManager;
import dev.llmkit.tokenization.BatchOptions;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Named-entity recognition (token classification), the counterpart of Hugging Face's {@code
 * pipeline("ner")} (transformers 4.53 <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/token_classification.py">token_classification.py</a>).
 *
 * <pre>{@code
 * try (NerPipeline ner = NerPipeline.builder().model(model).tokenizer(tokenizer).build()) {
 *   List<Entity> entities = ner.run("My name is Wolfgang and I live in Berlin",
 *       NerOptions.builder().aggregationStrategy("simple").build());
 * }
 * }</pre>
 *
 * <p>Texts longer than the model window are truncated, or with {@code stride} split into
 * overlapping windows whose entities are merged. The windows of all texts of a call go through the
 * model in padded batches of at most {@code batchSize} rows; every forward runs in a child of the
 * pipeline's manager, closed when it ends. Thread-safe if the model is.
 */
public final class NerPipeline implements AutoCloseable {

  private final TokenClassifier model;
  private final Tokenizer tokenizer;
  private final NDManager manager;
  private final CallManager calls;
  private final EntityDecoder decoder;
  private final int maxLength;
  private final int batchSize;
  private final long padId;
  private final boolean useTypes;

  private NerPipeline(Builder b) {
    this.model = b.requireModel();
    this.tokenizer = b.requireTokenizer();
    this.decoder =
        new EntityDecoder(
            model.labels().names(),
            SubwordScheme.of(tokenizer.kind()),
            tokenizer.specialTokens().unk());
    this.maxLength = Math.min(tokenizer.modelMaxLength(), model.encoder().maxSequenceLength());
    this.useTypes = model.encoder().usesTokenTypes();
    this.batchSize = b.batchSize;
    this.padId = tokenizer.specialTokens().pad().orElse(0);
    this.calls = b.callManager(model.encoder().parameters().manager());
    this.manager = calls.manager();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Labels one text with Hugging Face's default options. */
  public List<Entity> run(String text) {
    return run(text, NerOptions.defaults());
  }

  /** Labels one text. */
  public List<Entity> run(String text, NerOptions options) {
    return run(List.of(text), options).get(0);
  }

  /**
   * Labels several texts, batching their windows through the model.
   *
   * @return the entities of each text, in input order
   */
  public List<List<Entity>> run(List<String> texts, NerOptions options) {
    Objects.requireNonNull(options, "options");
    // Every window of every text, flattened: windows of one text may share or span forwards.
    List<Integer> owner = new ArrayList<>();
    List<Encoding> all = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      for (Encoding w : windows(Objects.requireNonNull(texts.get(i), "text"), options)) {
        owner.add(i);
        all.add(w);
      }
    }
    List<float[][]> logits = logits(all);
    List<List<TokenLogits>> scored = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      scored.add(new ArrayList<>());
    }
    for (int w = 0; w < all.size(); w++) {
      scored.get(owner.get(w)).add(new TokenLogits(all.get(w), logits.get(w)));
    }
    List<List<Entity>> out = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      out.add(decode(texts.get(i), scored.get(i), options));
    }
    return out;
  }

  /**
   * The first stage of {@link #run(List, NerOptions)}: the windows the model sees for {@code text},
   * one truncated window, or with {@code stride} overlapping windows covering the whole text.
   */
  public List<Encoding> windows(String text, NerOptions options) {
    if (options.stride().isPresent()) {
      return tokenizer.encodeWindows(text, maxLength, options.stride().getAsInt());
    }
    // HF truncates to the model's maximum length.
    BatchOptions truncate =
        BatchOptions.builder()
            .truncation(true)
            .maxLength(maxLength)
            .padding(BatchOptions.Padding.NONE)
            .build();
    return tokenizer.encodeBatch(List.of(text), truncate);
  }

  /**
   * The second stage: the model's {@code (T, L)} logits of each window, in padded forwards of at
   * most {@code batchSize} windows of similar length ({@link Batching#inPasses}).
   */
  public List<float[][]> logits(List<Encoding> windows) {
    return Batching.inPasses(windows, batchSize, batch -> List.of(forward(batch)));
  }

  /**
   * The last stage: the entities of {@code text} from the scored windows of its {@link #windows}.
   */
  public List<Entity> decode(String text, List<TokenLogits> windows, NerOptions options) {
    return decoder.decode(text, windows, options);
  }

  /** The labels the model predicts. */
  public List<String> labels() {
    return decoder.labels();
  }

  /** The window length in tokens, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  private float[][][] forward(List<Encoding> encodings) {
    try (NDManager request = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      ModelInputs in = ModelInputs.of(request, encodings, padId);
      NDArray types = useTypes ? in.tokenTypeIds() : null;
      NDArray logits = model.logits(in.inputIds(), in.attentionMask(), types); // (B,T,L)
      logits.attach(request);
      return in.unpad3d(logits);
    }
  }

  @Override
  public void close() {
    calls.close();
  }

  /** Builder for {@link NerPipeline}. */
  public static final class Builder extends PipelineBuilder<TokenClassifier, Builder> {
    private int batchSize = 16;

    private Builder() {}

    /** The most windows in one forward pass, default 16. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Builds the pipeline. */
    public NerPipeline build() {
      return new NerPipeline(this);
    }
  }
}
