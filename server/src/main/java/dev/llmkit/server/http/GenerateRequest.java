package dev.llmkit.server.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.service.GenerationParameters;
import java.util.List;

/**
 * TGI's {@code /generate} body (<a
 * href="https://huggingface.github.io/text-generation-inference/">TGI API</a>).
 *
 * @param inputs the prompt
 * @param parameters optional parameters
 * @param stream answer as server-sent events (also {@code POST /generate_stream})
 */
public record GenerateRequest(String inputs, Parameters parameters, Boolean stream) {

  /** Longest stop sequence, in chars. */
  static final int MAX_STOP_LENGTH = 256;

  /** Most stop sequences. */
  static final int MAX_STOPS = 8;

  /**
   * TGI's parameters. The last group is accepted so that TGI clients that send every key work, and
   * refused when set to anything but its neutral value.
   */
  public record Parameters(
      Integer maxNewTokens,
      Boolean doSample,
      Float temperature,
      Integer topK,
      Float topP,
      Float repetitionPenalty,
      Long seed,
      List<String> stop,
      Boolean returnFullText,
      Boolean details,
      Integer bestOf,
      Boolean decoderInputDetails,
      Boolean watermark,
      @JsonProperty("top_n_tokens") Integer topNTokens,
      Integer truncate,
      Float typicalP,
      Float frequencyPenalty,
      JsonNode grammar,
      String adapterId) {}

  /**
   * Validates and fills what the request leaves out: from the model's own defaults ({@code
   * generation_config.json}) where it sets them, else TGI's (greedy, 20 new tokens).
   */
  GenerationParameters effective(TaskConfig task, GenerationParameters.Defaults model) {
    Parameters p =
        parameters == null
            ? new Parameters(
                null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null)
            : parameters;
    unsupported("best_of", p.bestOf() != null && p.bestOf() != 1);
    unsupported("decoder_input_details", Boolean.TRUE.equals(p.decoderInputDetails()));
    unsupported("watermark", Boolean.TRUE.equals(p.watermark()));
    unsupported("truncate", p.truncate() != null);
    unsupported("typical_p", p.typicalP() != null && p.typicalP() != 1f);
    unsupported("frequency_penalty", p.frequencyPenalty() != null && p.frequencyPenalty() != 0f);
    unsupported("grammar", p.grammar() != null && !p.grammar().isNull());
    unsupported("adapter_id", p.adapterId() != null);
    List<String> stop = Check.orDefault(p.stop(), List.of());
    if (stop.size() > MAX_STOPS) {
      throw ApiException.validation(
          "parameters.stop holds " + stop.size() + " sequences; at most " + MAX_STOPS);
    }
    for (int i = 0; i < stop.size(); i++) {
      String s = Check.text("parameters.stop[" + i + "]", stop.get(i));
      if (s.isEmpty() || s.length() > MAX_STOP_LENGTH) {
        throw ApiException.validation(
            "parameters.stop[" + i + "] must hold 1 to " + MAX_STOP_LENGTH + " chars");
      }
    }
    Long seed = p.seed();
    if (seed != null && seed < 0) {
      throw ApiException.validation("parameters.seed must be >= 0, got " + seed);
    }
    return new GenerationParameters(
        Check.range(
            "parameters.max_new_tokens",
            Check.orDefault(
                p.maxNewTokens(),
                Math.min(Check.orDefault(model.maxNewTokens(), 20), task.maxInputTokens())),
            1,
            task.maxInputTokens()),
        Check.orDefault(p.doSample(), Check.orDefault(model.doSample(), false)),
        Check.range(
            "parameters.temperature",
            Check.orDefault(p.temperature(), Check.orDefault(model.temperature(), 1f)),
            0f,
            true,
            100f),
        Check.range(
            "parameters.top_k",
            Check.orDefault(p.topK(), Check.orDefault(model.topK(), 0)),
            0,
            1_000_000),
        Check.range(
            "parameters.top_p",
            Check.orDefault(p.topP(), Check.orDefault(model.topP(), 1f)),
            0f,
            true,
            1f),
        Check.range(
            "parameters.repetition_penalty",
            Check.orDefault(p.repetitionPenalty(), Check.orDefault(model.repetitionPenalty(), 1f)),
            0f,
            true,
            100f),
        seed,
        stop,
        Check.orDefault(p.returnFullText(), false),
        Check.orDefault(p.details(), false),
        Check.range(
            "parameters.top_n_tokens",
            Check.orDefault(p.topNTokens(), 0),
            0,
            GenerationParameters.MAX_TOP_N_TOKENS));
  }

  private static void unsupported(String name, boolean set) {
    if (set) {
      throw ApiException.validation("parameters." + name + " is not supported by this server");
    }
  }
}
