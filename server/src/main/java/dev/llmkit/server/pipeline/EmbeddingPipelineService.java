package dev.llmkit.server.pipeline;

import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import dev.llmkit.server.service.InputTooLongException;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link EmbeddingService} over an {@link EmbeddingPipeline}, batched across requests.
 *
 * <p>Texts longer than the input limit: {@code error} refuses them (413, as TEI) unless the request
 * says {@code truncate: true}; {@code truncate} cuts them after the last whole token that fits;
 * {@code chunk} splits them into consecutive pieces that fit, embeds each piece, and answers the
 * token-weighted mean of the piece vectors (mean pooling over all tokens, each piece encoded
 * without the others' context), L2-normalized afterwards when asked. The pieces take turns with
 * other requests in the batching queue, batch by batch, and the rest is dropped when the deadline
 * passes; a request of more than {@code max_request_tokens} tokens is refused with 413.
 */
public final class EmbeddingPipelineService extends ServiceResources<EmbeddingPipelineService>
    implements EmbeddingService {

  private final EmbeddingPipeline pipeline;
  private final ModelInfo model;
  private final int dimensions;
  private final PipelineBatcher<Encoding, EmbeddingOptions, Embedding> batcher;
  private final InputLimiter limiter;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to encode texts once at admission
   * @param dimensions the encoder's hidden size
   */
  public EmbeddingPipelineService(
      EmbeddingPipeline pipeline,
      Tokenizer tokenizer,
      int dimensions,
      ModelInfo model,
      BatchLimits limits,
      InputLimit inputLimit,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    this.limiter = new InputLimiter("embed", tokenizer, inputLimit, pipeline.maxLength());
    this.dimensions = dimensions;
    this.batcher =
        new PipelineBatcher<>(
            "embed",
            limits,
            Encoding::length,
            pipeline::embedEncodings,
            EmbeddingPipelineService::rejection,
            registry);
  }

  private static RuntimeException rejection(IllegalArgumentException e) {
    if (e instanceof dev.llmkit.inference.embedding.InputTooLongException tooLong) {
      return new InputTooLongException(tooLong.tokenCount(), tooLong.limit());
    }
    return new InvalidInputException(e.getMessage());
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public CompletableFuture<Embeddings> embed(List<String> texts, EmbedParameters parameters) {
    TooLongPolicy policy = parameters.truncate() ? TooLongPolicy.TRUNCATE : limiter.policy();
    try {
      return switch (policy) {
        case ERROR -> embedWhole(limiter.encodeWithin(texts), parameters.normalize());
        case TRUNCATE ->
            embedWhole(
                texts.stream().map(limiter::encodeTruncated).toList(), parameters.normalize());
        case CHUNK -> embedChunked(texts, parameters.normalize());
      };
    } catch (InputTooLongException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Embeddings> embedWhole(List<Encoding> encodings, boolean normalize) {
    EmbeddingOptions options = EmbeddingOptions.builder().normalize(normalize).build();
    return batcher.submit(
        encodings,
        options,
        vectors ->
            new Embeddings(
                vectors.stream().map(Embedding::vector).toList(),
                vectors.stream().mapToInt(Embedding::tokenCount).sum()));
  }

  private CompletableFuture<Embeddings> embedChunked(List<String> texts, boolean normalize) {
    List<Encoding> pieces = new ArrayList<>();
    int[] firstPiece = new int[texts.size() + 1];
    for (int i = 0; i < texts.size(); i++) {
      firstPiece[i] = pieces.size();
      pieces.addAll(limiter.encodePieces(texts.get(i)));
    }
    firstPiece[texts.size()] = pieces.size();
    limiter.requireRequestWithin(pieces.stream().mapToInt(Encoding::length).sum());
    EmbeddingOptions options = EmbeddingOptions.builder().normalize(false).build();
    return batcher.submit(
        pieces,
        options,
        vectors -> {
          List<float[]> merged = new ArrayList<>();
          for (int i = 0; i < texts.size(); i++) {
            merged.add(weightedMean(vectors.subList(firstPiece[i], firstPiece[i + 1]), normalize));
          }
          return new Embeddings(merged, vectors.stream().mapToInt(Embedding::tokenCount).sum());
        });
  }

  /** Token-weighted mean of the pieces' (un-normalized, mean-pooled) vectors. */
  static float[] weightedMean(List<Embedding> pieces, boolean normalize) {
    double[] sum = new double[pieces.get(0).vector().length];
    double weight = 0;
    for (Embedding piece : pieces) {
      float[] v = piece.vector();
      for (int d = 0; d < sum.length; d++) {
        sum[d] += (double) v[d] * piece.tokenCount();
      }
      weight += piece.tokenCount();
    }
    double norm = 0;
    for (int d = 0; d < sum.length; d++) {
      sum[d] /= weight;
      norm += sum[d] * sum[d];
    }
    double scale = normalize && norm > 0 ? 1 / Math.sqrt(norm) : 1;
    float[] out = new float[sum.length];
    for (int d = 0; d < sum.length; d++) {
      out[d] = (float) (sum[d] * scale);
    }
    return out;
  }

  @Override
  public int dimensions() {
    return dimensions;
  }

  /** The batching queue of the texts and pieces (stats, depth). */
  BatchingQueue<?, ?> queue() {
    return batcher.queue();
  }

  @Override
  public void close() {
    batcher.close();
    pipeline.close();
    closeResources();
  }
}
