package dev.llmkit.inference.generation;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.llmkit.inference.model.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Predicate;

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
  private static final String INTEGER = "an integer";
  private static final String NUMBER = "a number";
  private static final String BOOLEAN = "true or false";
  private static final Predicate<JsonNode> INTEGRAL =
      node -> node.isIntegralNumber() && node.canConvertToInt();

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
            value(json, "max_new_tokens", file, INTEGER, INTEGRAL, JsonNode::intValue),
            value(json, "do_sample", file, BOOLEAN, JsonNode::isBoolean, JsonNode::booleanValue),
            value(json, "temperature", file, NUMBER, JsonNode::isNumber, JsonNode::doubleValue),
            value(json, "top_k", file, INTEGER, INTEGRAL, JsonNode::intValue),
            value(json, "top_p", file, NUMBER, JsonNode::isNumber, JsonNode::doubleValue),
            value(
                json,
                "repetition_penalty",
                file,
                NUMBER,
                JsonNode::isNumber,
                JsonNode::doubleValue));
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

  /** The value of {@code key}, null when absent or null, if {@code accepts} it. */
  private static <T> T value(
      JsonNode json,
      String key,
      Path file,
      String expected,
      Predicate<JsonNode> accepts,
      Function<JsonNode, T> convert) {
    JsonNode node = json.get(key);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!accepts.test(node)) {
      throw new ModelLoadException(file + ": " + key + " must be " + expected + ", got " + node);
    }
    return convert.apply(node);
  }
}
