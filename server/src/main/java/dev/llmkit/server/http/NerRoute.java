package dev.llmkit.server.http;

import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.service.NerParameters;
import dev.llmkit.server.service.NerService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code POST /ner}: Hugging Face token classification (<a
 * href="https://huggingface.co/docs/inference-providers/tasks/token-classification">task spec</a>).
 * A string input answers a list of entities; an array answers a list per text.
 */
public final class NerRoute implements Handler {

  /** The request body. */
  public record Request(TextInputs inputs, Parameters parameters, Options options) {}

  /**
   * Optional parameters.
   *
   * @param aggregationStrategy default {@code simple}, as the Inference API
   * @param ignoreLabels default {@code ["O"]}
   * @param stride default 0
   */
  public record Parameters(
      AggregationStrategy aggregationStrategy, List<String> ignoreLabels, Integer stride) {}

  private final ModelSlot<NerService> slot;
  private final Limits limits;

  /** Creates the route. */
  public NerRoute(ModelSlot<NerService> slot, Limits limits) {
    this.slot = slot;
    this.limits = limits;
  }

  @Override
  public void handle(Context ctx) {
    Request request = Bodies.read(ctx, Request.class, limits.maxPayloadBytes());
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: a string or an array of strings");
    }
    List<String> texts = Check.texts("inputs", request.inputs().texts(), limits.maxInputs());
    NerParameters parameters = effective(request.parameters());
    NerService service = slot.require();
    ctx.future(
        () ->
            Calls.withDeadline(
                    "ner", limits.task().timeout(), () -> service.recognize(texts, parameters))
                .thenAccept(
                    entities -> {
                      Respond.model(ctx, service.model(), parameters);
                      ctx.json(request.inputs().batched() ? entities : entities.get(0));
                    }));
  }

  private NerParameters effective(Parameters p) {
    Parameters given = p == null ? new Parameters(null, null, null) : p;
    List<String> ignore = Check.orDefault(given.ignoreLabels(), List.of("O"));
    for (int i = 0; i < ignore.size(); i++) {
      Check.text("parameters.ignore_labels[" + i + "]", ignore.get(i));
    }
    int stride =
        Check.range(
            "parameters.stride",
            Check.orDefault(given.stride(), 0),
            0,
            limits.task().maxInputTokens() - 1);
    return new NerParameters(
        Check.orDefault(given.aggregationStrategy(), AggregationStrategy.SIMPLE), ignore, stride);
  }
}
