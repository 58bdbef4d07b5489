package dev.llmkit.inference.model;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A model's {@code config.json}: which family and task it is (from {@code architectures}, falling
 * back to {@code model_type}) and typed access to its values. Family packages map the Hugging Face
 * field names to their own config records from here; nothing past this class sees raw JSON.
 */
public final class ModelConfig {

  /** The conventional file name. */
  public static final String FILE = "config.json";

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final String source;
  private final JsonNode json;
  private final List<String> architectures;
  private final String modelType;
  private final ModelFamily family;
  private final Optional<ModelTask> task;
  private final Labels labels;

  private ModelConfig(String source, JsonNode json) {
    this.source = source;
    this.json = json;
    List<String> archs = new ArrayList<>();
    JsonNode a = json.get("architectures");
    if (a != null && a.isArray()) {
      a.forEach(n -> archs.add(n.asText()));
    }
    this.architectures = List.copyOf(archs);
    this.modelType = json.path("model_type").asText("");
    ModelFamily fromArch =
        archs.stream()
            .map(ModelFamily::fromArchitecture)
            .flatMap(Optional::stream)
            .findFirst()
            .orElse(null);
    this.family =
        fromArch != null
            ? fromArch
            : ModelFamily.fromModelType(modelType)
                .orElseThrow(
                    () ->
                        new ModelLoadException(
                            source
                                + ": unsupported model (architectures "
                                + archs
                                + ", model_type '"
                                + modelType
                                + "'). Supported: "
                                + ModelFamily.describeSupported()));
    this.task =
        archs.stream()
            .filter(arch -> arch.startsWith(family.classPrefix()))
            .map(arch -> ModelTask.fromArchitecture(arch, family.classPrefix()))
            .flatMap(Optional::stream)
            .findFirst();
    this.labels = Labels.fromConfig(json, source);
  }

  /**
   * Reads {@code dir/config.json}.
   *
   * @throws ModelLoadException if it is missing, not JSON, or names an unsupported architecture
   */
  public static ModelConfig read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      return parse(Files.readString(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new ModelLoadException(file + ": not found (is " + dir + " a model directory?)", e);
    } catch (IOException e) {
      throw new ModelLoadException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * Parses config JSON text.
   *
   * @param source names the origin in error messages
   */
  public static ModelConfig parse(String jsonText, String source) {
    JsonNode json;
    try {
      json = MAPPER.readTree(jsonText);
    } catch (JacksonException e) {
      throw new ModelLoadException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (json == null || !json.isObject()) {
      throw new ModelLoadException(source + ": not a JSON object");
    }
    return new ModelConfig(source, json);
  }

  /** Where the config came from, for messages. */
  public String source() {
    return source;
  }

  /** The {@code architectures} list (may be empty). */
  public List<String> architectures() {
    return architectures;
  }

  /** The {@code model_type} value (may be empty). */
  public String modelType() {
    return modelType;
  }

  /** The recognised family. */
  public ModelFamily family() {
    return family;
  }

  /** The task of the first recognised architecture, if any. */
  public Optional<ModelTask> task() {
    return task;
  }

  /** {@code id2label} (empty if the config has none). */
  public Labels labels() {
    return labels;
  }

  /** Whether the config has the key. */
  public boolean has(String key) {
    return json.hasNonNull(key);
  }

  /**
   * An integer value, or {@code defaultValue} when absent (as transformers' config defaults).
   *
   * @throws ModelLoadException if present but not an integer
   */
  public int intValue(String key, int defaultValue) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isIntegralNumber() || !n.canConvertToInt()) {
      throw new ModelLoadException(source + ": '" + key + "' must be an integer, found " + n);
    }
    return n.intValue();
  }

  /** A positive integer value (or default). */
  public int positiveInt(String key, int defaultValue) {
    int v = intValue(key, defaultValue);
    if (v <= 0) {
      throw new ModelLoadException(source + ": '" + key + "' must be positive, found " + v);
    }
    return v;
  }

  /** A number value, or {@code defaultValue} when absent. */
  public double doubleValue(String key, double defaultValue) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isNumber()) {
      throw new ModelLoadException(source + ": '" + key + "' must be a number, found " + n);
    }
    return n.doubleValue();
  }

  /** A string value, or {@code defaultValue} when absent. */
  public String stringValue(String key, String defaultValue) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isTextual()) {
      throw new ModelLoadException(source + ": '" + key + "' must be a string, found " + n);
    }
    return n.textValue();
  }

  /** A boolean value, or {@code defaultValue} when absent. */
  public boolean booleanValue(String key, boolean defaultValue) {
    JsonNode n = json.get(key);
    if (n == null || n.isNull()) {
      return defaultValue;
    }
    if (!n.isBoolean()) {
      throw new ModelLoadException(source + ": '" + key + "' must be true or false, found " + n);
    }
    return n.booleanValue();
  }

  /** An optional integer (e.g. {@code pad_token_id}, which may be null). */
  public Optional<Integer> optionalInt(String key) {
    return has(key) ? Optional.of(intValue(key, 0)) : Optional.empty();
  }

  @Override
  public String toString() {
    return "ModelConfig[" + family + ", architectures=" + architectures + ", " + source + "]";
  }
}
