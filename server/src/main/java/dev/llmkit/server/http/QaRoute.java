package dev.llmkit.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import dev.llmkit.server.service.QaParameters;
import dev.llmkit.server.service.QaService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code POST /qa}: Hugging Face extractive question answering (<a
 * href="https://huggingface.co/docs/inference-providers/tasks/question-answering">task spec</a>,
 * defaults of {@code QuestionAnsweringPipeline}). {@code top_k} 1 answers one object, more answer a
 * list.
 */
public final class QaRoute implements Handler {

  /** The request body; {@code retrieval} tunes the open-book path (no {@code context}). */
  public record Request(
      Inputs inputs, Parameters parameters, Options options, Retrieval retrieval) {}

  /** How passages are retrieved when {@code inputs.context} is absent. */
  public record Retrieval(Integer maxResults, Double minScore, String mode, JsonNode filter) {}

  /** The question and the context to find its answer in. */
  public record Inputs(String question, String context) {}

  /** Optional parameters, HF names. */
  public record Parameters(
      Integer topK,
      Integer docStride,
      Integer maxAnswerLen,
      Integer maxSeqLen,
      Integer maxQuestionLen,
      Boolean handleImpossibleAnswer,
      Boolean alignToWords) {}

  private final ModelSlot<QaService> slot;
  private final Limits limits;
  private final RetrievalService retrieval;

  /** Creates the route, answering only from a given context. */
  public QaRoute(ModelSlot<QaService> slot, Limits limits) {
    this(slot, limits, null);
  }

  /**
   * Creates the route; without {@code inputs.context} it answers from {@code retrieval}'s documents
   * (when it has a reader).
   */
  public QaRoute(ModelSlot<QaService> slot, Limits limits, RetrievalService retrieval) {
    this.slot = slot;
    this.limits = limits;
    this.retrieval = retrieval;
  }

  @Override
  public void handle(Context ctx) {
    Request request = Bodies.read(ctx, Request.class, limits.maxPayloadBytes());
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: {\"question\": ..., \"context\": ...}");
    }
    String question = Check.text("inputs.question", request.inputs().question());
    if (question.isBlank()) {
      throw ApiException.validation("inputs.question must not be blank");
    }
    if (request.inputs().context() == null) {
      if (retrieval == null || !retrieval.canAnswer()) {
        throw ApiException.validation(
            "inputs.context is required (answering from ingested documents is not enabled)");
      }
      answerFromDocuments(ctx, question, request);
      return;
    }
    String context = Check.text("inputs.context", request.inputs().context());
    if (context.isBlank()) {
      throw ApiException.validation("inputs.context must not be blank");
    }
    QaParameters parameters = effective(request.parameters());
    QaService service = slot.require();
    ctx.future(
        () ->
            Calls.withDeadline(
                    "qa",
                    limits.task().timeout(),
                    () -> service.answer(question, context, parameters))
                .thenAccept(
                    answers -> {
                      Respond.model(ctx, service.model(), parameters);
                      if (parameters.topK() == 1 && answers.size() == 1) {
                        ctx.json(answers.get(0));
                      } else {
                        ctx.json(answers);
                      }
                    }));
  }

  /** The open-book path: retrieve, read every passage in one batch, rank, answer with sources. */
  private void answerFromDocuments(Context ctx, String question, Request request) {
    Retrieval r =
        request.retrieval() == null ? new Retrieval(null, null, null, null) : request.retrieval();
    int topK =
        request.parameters() == null || request.parameters().topK() == null
            ? 1
            : Check.range("parameters.top_k", request.parameters().topK(), 1, 100);
    RetrievalQuery query =
        DocumentRoutes.query(question, r.maxResults(), r.minScore(), r.mode(), r.filter());
    List<SourcedAnswer> answers = retrieval.answer(question, query, topK);
    if (topK == 1) {
      if (answers.isEmpty()) {
        throw ApiException.of(ErrorType.NOT_FOUND, "no answer was found in the stored documents");
      }
      ctx.json(answers.get(0));
    } else {
      ctx.json(answers);
    }
  }

  private QaParameters effective(Parameters p) {
    Parameters given = p == null ? new Parameters(null, null, null, null, null, null, null) : p;
    int maxTokens = limits.task().maxInputTokens();
    int maxSeqLen =
        Check.range(
            "parameters.max_seq_len",
            Check.orDefault(given.maxSeqLen(), Math.min(384, maxTokens)),
            16,
            maxTokens);
    int docStride =
        Check.range(
            "parameters.doc_stride",
            Check.orDefault(given.docStride(), Math.min(128, maxSeqLen / 2)),
            0,
            maxSeqLen / 2);
    if (given.alignToWords() != null && !given.alignToWords()) {
      throw ApiException.validation("parameters.align_to_words=false is not supported");
    }
    return new QaParameters(
        Check.range("parameters.top_k", Check.orDefault(given.topK(), 1), 1, 100),
        docStride,
        Check.range(
            "parameters.max_answer_len", Check.orDefault(given.maxAnswerLen(), 15), 1, maxSeqLen),
        maxSeqLen,
        Check.range(
            "parameters.max_question_len",
            Check.orDefault(given.maxQuestionLen(), Math.min(64, maxSeqLen - 8)),
            1,
            maxSeqLen - 8),
        Check.orDefault(given.handleImpossibleAnswer(), false));
  }
}
