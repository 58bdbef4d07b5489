package dev.llmkit.server.pipeline;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.inference.qa.QaInput;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.server.engine.BatchLimits;
import dev.llmkit.server.service.InvalidInputException;
import dev.llmkit.server.service.ModelInfo;
import dev.llmkit.server.service.QaAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.server.service.QaService;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link QaService} over a {@link QaPipeline}, batched across requests. */
public final class QaPipelineService implements QaService {

  private final QaPipeline pipeline;
  private final ModelInfo model;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final PipelineBatcher<QaInput, QaOptions, List<Answer>> batcher;

  /**
   * Serves {@code pipeline}; closing this closes the pipeline.
   *
   * @param tokenizer the pipeline's tokenizer, to count tokens for the batch budget
   */
  public QaPipelineService(
      QaPipeline pipeline,
      Tokenizer tokenizer,
      ModelInfo model,
      BatchLimits limits,
      MeterRegistry registry) {
    this.pipeline = pipeline;
    this.model = model;
    this.batcher =
        new PipelineBatcher<>(
            "qa",
            limits,
            in -> tokenizer.encodePair(in.question(), in.context()).length(),
            pipeline::run,
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
    QaInput input;
    QaOptions options;
    try {
      input = new QaInput(question, context);
      options =
          QaOptions.builder()
              .topK(parameters.topK())
              .docStride(parameters.docStride())
              .maxAnswerLen(parameters.maxAnswerLen())
              .maxSeqLen(parameters.maxSeqLen())
              .maxQuestionLen(parameters.maxQuestionLen())
              .handleImpossibleAnswer(parameters.handleImpossibleAnswer())
              .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(e.getMessage());
    }
    return batcher
        .submit(List.of(input), options)
        .thenApply(results -> results.get(0).stream().map(QaPipelineService::answer).toList());
  }

  static QaAnswer answer(Answer a) {
    return new QaAnswer(
        (float) a.score(), a.start(), a.end(), a.answer(), a.utf16Start(), a.utf16End());
  }

  /** Also closes {@code resource} (model, tokenizer, manager) when this service closes. */
  public QaPipelineService alsoClose(AutoCloseable resource) {
    resources.add(resource);
    return this;
  }

  @Override
  public void close() {
    batcher.close();
    pipeline.close();
    Resources.closeAll(resources);
  }
}
