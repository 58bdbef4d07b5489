package dev.llmkit.server.pipeline;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.PairWindows;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.inference.qa.QaWindow;
import dev.llmkit.server.config.InputLimit;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.engine.BatchingQueue;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.server.service.QaService;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link QaService} over a {@link QaPipeline}, batched across requests.
 *
 * <p>The question and context are cut into the pipeline's windows at admission; the batching queue
 * runs the windows, so a long context takes turns with other requests batch by batch and stops
 * between batches when its deadline passes or its client goes away. Under {@code chunk}, a request
 * whose windows hold more than {@code max_request_tokens} tokens is refused with 413.
 */
public final class QaPipelineService extends ServiceResources<QaPipelineService>
    implements QaService {

  private final QaPipeline pipeline;
  private final ModelInfo model;
  private final PipelineBatcher<Encoding, Boolean, QaWindow> batcher;
  private final InputLimiter limiter;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, for the input limit
   */
  public QaPipelineService(
      QaPipeline pipeline,
      Tokenizer tokenizer,
      ModelInfo model,
      BatchLimits limits,
      InputLimit inputLimit,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    // The pipeline windows contexts itself (max_seq_len, which the route keeps within the limit).
    this.limiter = new InputLimiter("qa", tokenizer, inputLimit, Integer.MAX_VALUE);
    // The queue runs windows: a long context takes turns with other requests batch by batch.
    this.batcher =
        new PipelineBatcher<>(
            "qa",
            limits,
            Encoding::length,
            (windows, unused) -> pipeline.score(windows),
            e -> new InvalidInputException(e.getMessage()),
            registry);
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public CompletableFuture<List<QaAnswer>> answer(
      String question, String context, QaParameters parameters) {
    QaOptions options;
    PairWindows cut;
    String kept;
    try {
      options =
          QaOptions.builder()
              .topK(parameters.topK())
              .docStride(parameters.docStride())
              .maxAnswerLen(parameters.maxAnswerLen())
              .maxSeqLen(parameters.maxSeqLen())
              .maxQuestionLen(parameters.maxQuestionLen())
              .handleImpossibleAnswer(parameters.handleImpossibleAnswer())
              .build();
      cut = pipeline.pairWindows(new QaInput(question, context), options);
      kept = limited(context, cut);
      if (kept != context) {
        cut = pipeline.pairWindows(new QaInput(question, kept), options);
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    List<Encoding> windows = cut.windows();
    if (limiter.policy() == TooLongPolicy.CHUNK) {
      limiter.requireRequestWithin(windows.stream().mapToInt(Encoding::length).sum());
    }
    String answered = kept;
    return batcher.submit(
        windows,
        Boolean.TRUE,
        scored ->
            pipeline.decode(answered, scored, options).stream()
                .map(QaPipelineService::answer)
                .toList());
  }

  /**
   * The context under the input limit, counted on {@code [CLS] question [SEP] context [SEP]} from
   * its windows (no second encoding): {@code error} refuses a longer pair (413), {@code truncate}
   * cuts the context after the last whole token that fits (answers then come from the kept prefix,
   * which is windowed again), {@code chunk} keeps it whole for the pipeline's {@code doc_stride}
   * windows, as Hugging Face does.
   */
  private String limited(String context, PairWindows cut) {
    if (limiter.policy() == TooLongPolicy.CHUNK || cut.pairLength() <= limiter.maxTokens()) {
      return context;
    }
    if (limiter.policy() == TooLongPolicy.ERROR) {
      throw limiter.refusal("the question and context", cut.pairLength());
    }
    int budget = Math.min(limiter.maxTokens() - cut.questionTokens(), cut.contextTokens());
    return budget <= 0 ? "" : context.substring(0, cut.contextEnd(budget));
  }

  static QaAnswer answer(Answer a) {
    return new QaAnswer(
        (float) a.score(), a.start(), a.end(), a.answer(), a.utf16Start(), a.utf16End());
  }

  /** The batching queue of the windows (stats, depth). */
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
