package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.llmkit.server.service.ModelInfo;
import io.javalin.http.Context;

/**
 * Response headers shared by the task routes: which model answered ({@code x-model-id}, {@code
 * x-model-revision}, like TGI's {@code x-model-id}/{@code x-model-sha}) and the effective
 * parameters, defaults filled in ({@code x-llmkit-parameters}, ASCII-escaped JSON). The bodies keep
 * the exact Hugging Face / OpenAI shapes that clients parse.
 */
public final class Respond {

  /** Header naming the model id. */
  public static final String MODEL_ID = "x-model-id";

  /** Header naming the model revision. */
  public static final String MODEL_REVISION = "x-model-revision";

  /** Header echoing the effective parameters as JSON. */
  public static final String PARAMETERS = "x-llmkit-parameters";

  private static final ObjectWriter ASCII =
      Json.mapper().writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);

  private Respond() {}

  /** Sets the model and parameter headers. */
  public static void model(Context ctx, ModelInfo model, Object parameters) {
    ctx.header(MODEL_ID, model.id());
    ctx.header(MODEL_REVISION, model.revision());
    try {
      ctx.header(PARAMETERS, ASCII.writeValueAsString(parameters));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("parameters of type not serializable", e);
    }
  }
}
