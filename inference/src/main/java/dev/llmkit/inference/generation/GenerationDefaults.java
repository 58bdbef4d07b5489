package dev.llmkit.inference.generation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.llmkit.inference.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's own decoding defaults, from the {@code generation_config.json} beside its weights, as
 * Hugging Face's {@code GenerationConfig.from_pretrained} reads them: a value the model directory
 * sets replaces the library default, and a value the caller sets replaces both. Each field is null
 * when the file does not set it. Keys llmkit does not decode with ({@code bos_token_id}, {@code
 * max_length}, ...) are ignored.
 *
 * <p>See <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/generation/configuration_utils.py">configuration_utils.py</a>.
 *
 * @param maxNewTokens {@code max_new_tokens}
 * @param doSample {@code do_sample}
 * @param temperature {@code temperature}
 * @param topK {@code top_k}
 * @param topP {@code top_p}
 * @param repetitionPenalty {@code repetition_penalty}
 */
public record GenerationDefaults(
    Integer maxNewTokens,
    Boolean doSample,
    Double temperature,
    Integer topK,
    Double topP,
    Double repetitionPenalty) {

  /** The conventional file name. */
  public static final String FILE = "generation_config.json";

  /** No model defaults: the library's own apply. */
  public static final GenerationDefaults NONE =
      new GenerationDefaults(null, null, null, null, null, null);

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /**
   * Reads {@code dir/generation_config.json}; {@link #NONE} when there is none.
   *
   * @throws ModelLoadException if the file is not a JSON object, or a known key has the wrong type
   *     or a value out of range
   */
  public static GenerationDefaults read(Path dir) {
    Path file = dir.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return NONE;
    }
    JsonNode json;
    try {
      json = MAPPER.readTree(file.toFile());
    } catch (JacksonException e) {
      throw new ModelLoadException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ModelLoadException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new ModelLoadException(file + ": not a JSON object");
    }
    GenerationDefaults defaults =
        new GenerationDefaults(
            integer(json, "max_new_tokens", file),
            bool(json, "do_sample", file),
            number(json, "temperature", file),
            integer(json, "top_k", file),
            number(json, "top_p", file),
            number(json, "repetition_penalty", file));
    try {
      defaults.builder().build();
    } catch (InvalidGenerationOptionsException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
    return defaults;
  }

  /**
   * These values where set, else {@code fallback}'s: layers the caller's choices (a command line)
   * over a model's.
   */
  public GenerationDefaults orElse(GenerationDefaults fallback) {
    return new GenerationDefaults(
        maxNewTokens != null ? maxNewTokens : fallback.maxNewTokens,
        doSample != null ? doSample : fallback.doSample,
        temperature != null ? temperature : fallback.temperature,
        topK != null ? topK : fallback.topK,
        topP != null ? topP : fallback.topP,
        repetitionPenalty != null ? repetitionPenalty : fallback.repetitionPenalty);
  }

  /**
   * A builder of options starting from the Hugging Face defaults with these values applied; what
   * the caller sets on it afterwards wins.
   */
  public GenerationOptions.Builder builder() {
    GenerationOptions.Builder b = GenerationOptions.builder();
    if (maxNewTokens != null) {
      b.maxNewTokens(maxNewTokens);
    }
    if (doSample != null) {
      b.doSample(doSample);
    }
    if (temperature != null) {
      b.temperature(temperature);
    }
    if (topK != null) {
      b.topK(topK);
    }
    if (topP != null) {
      b.topP(topP);
    }
    if (repetitionPenalty != null) {
      b.repetitionPenalty(repetitionPenalty);
    }
    return b;
  }

  private static JsonNode present(JsonNode json, String key) {
    JsonNode node = json.get(key);
    return node == null || node.isNull() ? null : node;
  }

  private static Integer integer(JsonNode json, String key, Path file) {
    JsonNode node = present(json, key);
    if (node == null) {
      return null;
    }
    if (!node.canConvertToInt() || !node.isIntegralNumber()) {
      throw wrongType(file, key, "an integer", node);
    }
    return node.intValue();
  }

  private static Double number(JsonNode json, String key, Path file) {
    JsonNode node = present(json, key);
    if (node == null) {
      return null;
    }
    if (!node.isNumber()) {
      throw wrongType(file, key, "a number", node);
    }
    return node.doubleValue();
  }

  private static Boolean bool(JsonNode json, String key, Path file) {
    JsonNode node = present(json, key);
    if (node == null) {
      return null;
    }
    if (!node.isBoolean()) {
      throw wrongType(file, key, "true or false", node);
    }
    return node.booleanValue();
  }

  private static ModelLoadException wrongType(Path file, String key, String what, JsonNode node) {
    return new ModelLoadException(file + ": " + key + " must be " + what + ", got " + node);
  }
}
