package dev.llmkit.inference.embedding;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.Pooling;
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
 * Sentence embeddings: encoder, then mean or CLS pooling, then optional L2 normalization, as
 * sentence-transformers computes them.
 *
 * <pre>{@code
 * try (EmbeddingPipeline embed =
 *     EmbeddingPipeline.builder().model(encoder).tokenizer(tokenizer).build()) {
 *   List<Embedding> vectors = embed.embed(List.of("first text", "second text"),
 *       EmbeddingOptions.defaults());
 * }
 * }</pre>
 *
 * <p>Texts are padded into batches of at most {@code batchSize}; padding does not change the
 * vectors (the attention mask hides it from the encoder and from mean pooling). Every forward runs
 * in a child of the pipeline's manager, closed when it ends.
 */
public final class EmbeddingPipeline implements AutoCloseable {

  private final Encoder model;
  private final Tokenizer tokenizer;
  private final NDManager manager;
  private final CallManager calls;
  private final int maxLength;
  private final int batchSize;
  private final long padId;

  private EmbeddingPipeline(Builder b) {
    this.model = b.requireModel();
    this.tokenizer = b.requireTokenizer();
    this.maxLength = Math.min(tokenizer.modelMaxLength(), model.maxSequenceLength());
    this.batchSize = b.batchSize;
    this.padId = tokenizer.specialTokens().pad().orElse(0);
    this.calls = b.callManager(model.parameters().manager());
    this.manager = calls.manager();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Embeds one text with the default options. */
  public Embedding embed(String text) {
    return embed(List.of(text), EmbeddingOptions.defaults()).get(0);
  }

  /**
   * Embeds texts in batches.
   *
   * @throws InputTooLongException when a text is longer than the model accepts and {@code truncate}
   *     is off; nothing is computed then
   */
  public List<Embedding> embed(List<String> texts, EmbeddingOptions options) {
    Objects.requireNonNull(options, "options");
    BatchOptions.Builder tokenize = BatchOptions.builder().padding(BatchOptions.Padding.NONE);
    if (options.truncate()) {
      tokenize.truncation(true).maxLength(maxLength);
    }
    return embedEncodings(tokenizer.encodeBatch(texts, tokenize.build()), options);
  }

  /**
   * Embeds texts already encoded with this pipeline's tokenizer (special tokens included), in
   * batches: what a server that encoded them at admission runs, so that each text is tokenized
   * once.
   *
   * @throws InputTooLongException when an encoding is longer than the model accepts; nothing is
   *     computed then
   */
  public List<Embedding> embedEncodings(List<Encoding> encodings, EmbeddingOptions options) {
    Objects.requireNonNull(options, "options");
    for (int i = 0; i < encodings.size(); i++) {
      if (encodings.get(i).length() > maxLength) {
        throw new InputTooLongException(i, encodings.get(i).length(), maxLength);
      }
    }
    return Batching.inPasses(
        encodings,
        batchSize,
        batch -> {
          float[][] vectors = forward(batch, options);
          List<Embedding> out = new ArrayList<>(batch.size());
          for (int i = 0; i < batch.size(); i++) {
            out.add(new Embedding(vectors[i], batch.get(i).length()));
          }
          return out;
        });
  }

  /** The longest text in tokens, special tokens included. */
  public int maxLength() {
    return maxLength;
  }

  private float[][] forward(List<Encoding> batch, EmbeddingOptions options) {
    try (NDManager request = manager.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      ModelInputs in = ModelInputs.of(request, batch, padId);
      NDArray types = model.usesTokenTypes() ? in.tokenTypeIds() : null;
      NDArray hidden = model.forward(in.inputIds(), in.attentionMask(), types);
      hidden.attach(request); // (B, T, C)
      NDArray mask = in.padded() ? in.attentionMask() : null;
      NDArray pooled = options.pooling().pool(hidden, mask); // (B, C)
      if (options.normalize()) {
        pooled = Pooling.normalize(pooled);
      }
      int dim = (int) pooled.getShape().get(1);
      float[] flat = ModelInputs.toFloat(pooled);
      float[][] rows = new float[batch.size()][];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
      }
      return rows;
    }
  }

  @Override
  public void close() {
    calls.close();
  }

  /** Builder for {@link EmbeddingPipeline}. */
  public static final class Builder extends PipelineBuilder<Encoder, Builder> {
    private int batchSize = 32;

    private Builder() {}

    /** The most texts in one forward pass, default 32. */
    public Builder batchSize(int batchSize) {
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /** Builds the pipeline. */
    public EmbeddingPipeline build() {
      return new EmbeddingPipeline(this);
    }
  }
}
