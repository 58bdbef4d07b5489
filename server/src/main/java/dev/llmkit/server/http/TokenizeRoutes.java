package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import dev.llmkit.server.service.TokenSpan;
import dev.llmkit.server.service.TokenizationService;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code POST /tokenize} and {@code POST /decode} in TEI's shapes (<a
 * href="https://huggingface.github.io/text-embeddings-inference/">TEI API</a>): both always answer
 * one entry per input, even for a single input.
 */
public final class TokenizeRoutes {

  /** {@code /tokenize} body. */
  public record TokenizeRequest(TextInputs inputs, Boolean addSpecialTokens) {}

  /** {@code /decode} body. */
  public record DecodeRequest(IdInputs ids, Boolean skipSpecialTokens) {}

  /** Echoed {@code /tokenize} parameters. */
  public record TokenizeParameters(boolean addSpecialTokens) {}

  /** Echoed {@code /decode} parameters. */
  public record DecodeParameters(boolean skipSpecialTokens) {}

  private final ModelSlot<TokenizationService> slot;
  private final Limits limits;

  /** Creates the routes. */
  public TokenizeRoutes(ModelSlot<TokenizationService> slot, Limits limits) {
    this.slot = slot;
    this.limits = limits;
  }

  /** {@code POST /tokenize}. */
  public void tokenize(Context ctx) {
    TokenizeRequest request = Bodies.read(ctx, TokenizeRequest.class, limits.maxPayloadBytes());
    if (request.inputs() == null) {
      throw ApiException.validation("'inputs' is required: a string or an array of strings");
    }
    List<String> texts = Check.texts("inputs", request.inputs().texts(), limits.maxInputs());
    TokenizeParameters parameters =
        new TokenizeParameters(Check.orDefault(request.addSpecialTokens(), true));
    TokenizationService service = slot.require();
    List<List<TokenSpan>> result = new ArrayList<>(texts.size());
    for (String text : texts) {
      result.add(service.tokenize(text, parameters.addSpecialTokens()));
    }
    Respond.model(ctx, service.model(), parameters);
    ctx.json(result);
  }

  /** {@code POST /decode}. */
  public void decode(Context ctx) {
    DecodeRequest request = Bodies.read(ctx, DecodeRequest.class, limits.maxPayloadBytes());
    if (request.ids() == null) {
      throw ApiException.validation(
          "'ids' is required: an array of token ids or of arrays of them");
    }
    List<long[]> sequences = request.ids().sequences();
    if (sequences.size() > limits.maxInputs()) {
      throw ApiException.of(
          ErrorType.PAYLOAD_TOO_LARGE,
          "ids holds " + sequences.size() + " sequences; at most " + limits.maxInputs());
    }
    DecodeParameters parameters =
        new DecodeParameters(Check.orDefault(request.skipSpecialTokens(), true));
    TokenizationService service = slot.require();
    int vocab = service.vocabSize();
    List<String> texts = new ArrayList<>(sequences.size());
    for (int s = 0; s < sequences.size(); s++) {
      long[] ids = sequences.get(s);
      for (int i = 0; i < ids.length; i++) {
        if (ids[i] < 0 || ids[i] >= vocab) {
          String where = sequences.size() == 1 ? "ids[" + i + "]" : "ids[" + s + "][" + i + "]";
          throw ApiException.validation(
              where + " = " + ids[i] + " is outside the vocabulary [0, " + vocab + ")");
        }
      }
      texts.add(service.decode(ids, parameters.skipSpecialTokens()));
    }
    Respond.model(ctx, service.model(), parameters);
    ctx.json(texts);
  }
}
