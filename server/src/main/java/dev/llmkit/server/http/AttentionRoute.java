package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.service.AttentionService;
import dev.llmkit.server.service.ModelService;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /attention}: the attention weights of a configured model for one short text, computed
 * by the model's own forward pass.
 *
 * <pre>{@code
 * {"inputs": "The cat sat.", "parameters": {"task": "ner"}}
 * -> {"tokens": ["[CLS]", "the", ...], "attentions": [layer][head][query][key]}
 * }</pre>
 *
 * <p>{@code task} picks whose model to look inside: {@code ner}, {@code qa}, {@code embed}
 * (default), {@code generate} or {@code fill-mask}.
 */
public final class AttentionRoute implements Handler {

  /** The tasks a request may name, in the order error messages list them. */
  static final List<String> TASKS = List.of("ner", "qa", "embed", "generate", "fill-mask");

  /** The request. */
  public record Request(String inputs, Parameters parameters) {}

  /** Its parameters. */
  public record Parameters(String task) {}

  private final Map<String, ModelSlot<? extends ModelService>> slots;
  private final long maxPayloadBytes;

  /**
   * Serves the models of {@code slots}, by task name; a task without a slot answers 404.
   *
   * @param maxPayloadBytes the body limit
   */
  public AttentionRoute(
      Map<String, ModelSlot<? extends ModelService>> slots, long maxPayloadBytes) {
    this.slots = Map.copyOf(slots);
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public void handle(Context ctx) {
    Request request = Bodies.read(ctx, Request.class, maxPayloadBytes);
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: the text to look inside");
    }
    String text = Check.text("inputs", request.inputs());
    String task =
        request.parameters() == null || request.parameters().task() == null
            ? "embed"
            : request.parameters().task();
    if (!TASKS.contains(task)) {
      throw ApiException.validation(
          "parameters.task must be one of " + String.join(", ", TASKS) + ", got '" + task + "'");
    }
    ModelSlot<? extends ModelService> slot = slots.get(task);
    if (slot == null || slot.state() == ModelSlot.State.ABSENT) {
      throw ApiException.of(ErrorType.NOT_FOUND, "no " + task + " model is configured");
    }
    ModelService service = slot.require();
    AttentionService attention =
        service
            .attention()
            .orElseThrow(
                () ->
                    ApiException.of(
                        ErrorType.NOT_FOUND, "the " + task + " model cannot show its attention"));
    Respond.model(ctx, service.model(), new Parameters(task));
    ctx.json(attention.attention(text));
  }
}
