package dev.llmkit.server.pipeline;

import dev.llmkit.inference.fillmask.FillMaskCandidate;
import dev.llmkit.inference.fillmask.FillMaskOptions;
import dev.llmkit.inference.fillmask.FillMaskPipeline;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.FillMaskParameters;
import dev.llmkit.server.service.FillMaskService;
import dev.llmkit.server.service.FillMaskToken;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link FillMaskService} over a {@link FillMaskPipeline}, batched across requests.
 *
 * <p>Texts are checked at admission: longer than the input limit, {@code error} refuses them (413)
 * and {@code truncate} cuts them after the last whole token that fits (a mask cut off is then
 * missing); a text without the mask token is refused (422) with transformers' message before it
 * reaches the queue. {@code chunk} has no meaning for fill-mask (each mask needs its whole context)
 * and is refused by the configuration. The queue runs the encodings made at admission (each text is
 * tokenized once), one pipeline call per distinct {@code top_k}/{@code targets} in a batch.
 */
public final class FillMaskPipelineService extends ServiceResources<FillMaskPipelineService>
    implements FillMaskService {

  private final FillMaskPipeline pipeline;
  private final ModelInfo model;
  private final PipelineBatcher<Admitted, FillMaskOptions, List<List<FillMaskCandidate>>> batcher;
  private final InputLimiter limiter;
  private final long maskId;

  /** A text as the queue runs it: its encoding from admission, so it is tokenized once. */
  private record Admitted(Encoding encoding) {
    int tokens() {
      return encoding.length();
    }
  }

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to check texts at admission
   * @param modelWindow the longest input the model takes (its position embeddings)
   * @throws IllegalArgumentException if the input limit's policy is {@code chunk}
   */
  public FillMaskPipelineService(
      FillMaskPipeline pipeline,
      Tokenizer tokenizer,
      int modelWindow,
      ModelInfo model,
      BatchLimits limits,
      InputLimit inputLimit,
      MeterRegistry registry) {
    if (inputLimit.onTooLong() == TooLongPolicy.CHUNK) {
      throw new IllegalArgumentException(
          "fill_mask.on_too_long must be error or truncate: a masked text cannot be chunked");
    }
    this.pipeline = pipeline;
    this.model = model;
    this.limiter =
        new InputLimiter(
            "fill_mask", tokenizer, inputLimit, Math.min(modelWindow, tokenizer.modelMaxLength()));
    this.maskId =
        tokenizer
            .specialTokens()
            .mask()
            .orElseThrow(() -> new IllegalArgumentException(tokenizer.name() + " has no mask"));
    this.batcher =
        new PipelineBatcher<>(
            "fill-mask",
            limits,
            Admitted::tokens,
            (texts, options) ->
                pipeline.runEncoded(texts.stream().map(Admitted::encoding).toList(), options),
            e -> new InvalidInputException(e.getMessage()),
            registry);
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public String maskToken() {
    return pipeline.maskToken();
  }

  @Override
  public CompletableFuture<List<List<List<FillMaskToken>>>> fill(
      List<String> texts, FillMaskParameters parameters) {
    FillMaskOptions options;
    try {
      options =
          FillMaskOptions.builder().topK(parameters.topK()).targets(parameters.targets()).build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    List<Encoding> encodings =
        limiter.policy() == TooLongPolicy.ERROR
            ? limiter.encodeWithin(texts)
            : texts.stream().map(limiter::encodeTruncated).toList();
    List<Admitted> admitted = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      admitted.add(admit(texts.size(), i, encodings.get(i)));
    }
    return batcher.submit(admitted, options, FillMaskPipelineService::tokens);
  }

  /** Refuses a text without a mask with transformers' message, naming it in an array. */
  private Admitted admit(int count, int i, Encoding encoding) {
    if (Arrays.stream(encoding.ids()).noneMatch(id -> id == maskId)) {
      throw new InvalidInputException(
          "No mask_token ("
              + maskToken()
              + ") found on the input"
              + (count == 1 ? "" : " (inputs[" + i + "])"));
    }
    return new Admitted(encoding);
  }

  private static List<List<List<FillMaskToken>>> tokens(
      List<List<List<FillMaskCandidate>>> results) {
    return results.stream()
        .map(
            perMask ->
                perMask.stream()
                    .map(
                        candidates ->
                            candidates.stream()
                                .map(
                                    c ->
                                        new FillMaskToken(
                                            c.score(), c.token(), c.tokenStr(), c.sequence()))
                                .toList())
                    .toList())
        .toList();
  }

  /** The batching queue of the texts (stats, depth). */
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
