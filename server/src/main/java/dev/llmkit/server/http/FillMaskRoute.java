package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.service.FillMaskParameters;
import dev.llmkit.server.service.FillMaskService;
import dev.llmkit.server.service.FillMaskToken;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code POST /fill-mask}: Hugging Face fill-mask (<a
 * href="https://huggingface.co/docs/inference-providers/tasks/fill-mask">task spec</a>). A text
 * with one mask answers its candidates {@code [{"score","token","token_str","sequence"}]}; a text
 * with several masks answers a list per mask (as transformers' pipeline); an array of texts answers
 * a list per text.
 */
public final class FillMaskRoute implements Handler {

  /** The most candidates one mask may ask for: bounds the response, not the model. */
  public static final int MAX_TOP_K = 1000;

  /** The request body. */
  public record Request(TextInputs inputs, Parameters parameters, Options options) {}

  /**
   * Optional parameters.
   *
   * @param topK candidates per mask, default 5, at most {@value #MAX_TOP_K}
   * @param targets score only these words (a word outside the vocabulary counts as its first token,
   *     as transformers does)
   */
  public record Parameters(Integer topK, List<String> targets) {}

  private final ModelSlot<FillMaskService> slot;
  private final Limits limits;

  /** Creates the route. */
  public FillMaskRoute(ModelSlot<FillMaskService> slot, Limits limits) {
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
    FillMaskParameters parameters = effective(request.parameters());
    FillMaskService service = slot.require();
    ctx.future(
        () ->
            Calls.withDeadline(
                    "fill-mask", limits.task().timeout(), () -> service.fill(texts, parameters))
                .thenAccept(
                    results -> {
                      Respond.model(ctx, service.model(), parameters);
                      List<Object> perText = results.stream().map(FillMaskRoute::perText).toList();
                      ctx.json(request.inputs().batched() ? perText : perText.get(0));
                    }));
  }

  /** One text: its candidates, or a list per mask when it has several (as transformers). */
  private static Object perText(List<List<FillMaskToken>> perMask) {
    return perMask.size() == 1 ? perMask.get(0) : perMask;
  }

  private static FillMaskParameters effective(Parameters p) {
    Parameters given = p == null ? new Parameters(null, null) : p;
    int topK =
        Check.range(
            "parameters.top_k",
            Check.orDefault(given.topK(), FillMaskParameters.DEFAULT_TOP_K),
            1,
            MAX_TOP_K);
    List<String> targets = Check.orDefault(given.targets(), List.of());
    if (given.targets() != null && targets.isEmpty()) {
      throw ApiException.validation(
          "parameters.targets must name at least one word when given; leave it out to score the"
              + " whole vocabulary");
    }
    for (int i = 0; i < targets.size(); i++) {
      Check.text("parameters.targets[" + i + "]", targets.get(i));
    }
    return new FillMaskParameters(topK, targets);
  }
}
