package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.service.EmbedParameters;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.Embeddings;
import io.javalin.http.Context;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * {@code POST /embed} in TEI's shape (<a
 * href="https://huggingface.github.io/text-embeddings-inference/">TEI API</a>) and {@code POST
 * /v1/embeddings} in OpenAI's (<a
 * href="https://platform.openai.com/docs/api-reference/embeddings/create">embeddings API</a>).
 */
public final class EmbedRoutes {

  /** TEI's {@code /embed} body. */
  public record TeiRequest(TextInputs inputs, Boolean normalize, Boolean truncate) {}

  /** OpenAI's body; {@code model} is informational (one model serves), {@code user} ignored. */
  public record OpenAiRequest(
      TextInputs input, String model, String encodingFormat, Integer dimensions, String user) {}

  /** OpenAI's response. */
  public record OpenAiResponse(
      String object, List<OpenAiEmbedding> data, String model, Usage usage) {}

  /**
   * One vector: a float array, or a base64 string of little-endian float32 when asked.
   *
   * @param object always {@code embedding}
   * @param embedding {@code float[]} or base64 {@code String}
   * @param index position in the input
   */
  public record OpenAiEmbedding(String object, Object embedding, int index) {}

  /** Token usage. */
  public record Usage(int promptTokens, int totalTokens) {}

  /** The effective parameters of an OpenAI request, echoed in the parameter header. */
  public record OpenAiParameters(String encodingFormat, int dimensions, boolean normalize) {}

  private final ModelSlot<EmbeddingService> slot;
  private final Limits limits;

  /** Creates the routes. */
  public EmbedRoutes(ModelSlot<EmbeddingService> slot, Limits limits) {
    this.slot = slot;
    this.limits = limits;
  }

  /** {@code POST /embed}: always an array of vectors, one per input. */
  public void tei(Context ctx) {
    TeiRequest request = Bodies.read(ctx, TeiRequest.class, limits.maxPayloadBytes());
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: a string or an array of strings");
    }
    List<String> texts = Check.texts("inputs", request.inputs().texts(), limits.maxInputs());
    EmbedParameters parameters =
        new EmbedParameters(
            Check.orDefault(request.normalize(), true), Check.orDefault(request.truncate(), false));
    EmbeddingService service = slot.require();
    ctx.future(
        () ->
            Calls.withDeadline(
                    "embed", limits.task().timeout(), () -> service.embed(texts, parameters))
                .thenAccept(
                    embeddings -> {
                      Respond.model(ctx, service.model(), parameters);
                      ctx.json(embeddings.vectors());
                    }));
  }

  /** {@code POST /v1/embeddings}. */
  public void openAi(Context ctx) {
    OpenAiRequest request = Bodies.read(ctx, OpenAiRequest.class, limits.maxPayloadBytes());
    if (request.input() == null) {
      throw ApiException.validation("'input' is required: a string or an array of strings");
    }
    List<String> texts = Check.texts("input", request.input().texts(), limits.maxInputs());
    String format = Check.orDefault(request.encodingFormat(), "float");
    if (!format.equals("float") && !format.equals("base64")) {
      throw ApiException.validation(
          "encoding_format must be 'float' or 'base64', got '" + format + "'");
    }
    EmbeddingService service = slot.require();
    if (request.dimensions() != null && request.dimensions() != service.dimensions()) {
      throw ApiException.validation(
          "dimensions must be "
              + service.dimensions()
              + " for this model, got "
              + request.dimensions());
    }
    OpenAiParameters echo = new OpenAiParameters(format, service.dimensions(), true);
    EmbedParameters parameters = new EmbedParameters(true, false);
    ctx.future(
        () ->
            Calls.withDeadline(
                    "embed", limits.task().timeout(), () -> service.embed(texts, parameters))
                .thenAccept(
                    embeddings -> {
                      Respond.model(ctx, service.model(), echo);
                      ctx.json(openAiResponse(embeddings, service.model().id(), format));
                    }));
  }

  private static OpenAiResponse openAiResponse(Embeddings embeddings, String model, String format) {
    List<OpenAiEmbedding> data = new ArrayList<>(embeddings.vectors().size());
    for (int i = 0; i < embeddings.vectors().size(); i++) {
      float[] vector = embeddings.vectors().get(i);
      Object encoded = format.equals("base64") ? base64(vector) : vector;
      data.add(new OpenAiEmbedding("embedding", encoded, i));
    }
    return new OpenAiResponse(
        "list", data, model, new Usage(embeddings.promptTokens(), embeddings.promptTokens()));
  }

  /** OpenAI's base64 format: the raw little-endian float32 bytes. */
  static String base64(float[] vector) {
    ByteBuffer bytes =
        ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(vector);
    return Base64.getEncoder().encodeToString(bytes.array());
  }
}
