package dev.llmkit.inference.peft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmkit.inference.model.ModelLoadException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * PEFT's {@code LoraConfig}, as {@code adapter_config.json} spells it (<a
 * href="https://github.com/huggingface/peft/blob/v0.13.0/src/peft/tuners/lora/config.py">lora/config.py</a>).
 *
 * @param baseModelNameOrPath {@code base_model_name_or_path}: the model the adapter applies to
 * @param r {@code r}: the rank
 * @param loraAlpha {@code lora_alpha}; the update is scaled by {@code lora_alpha / r}
 * @param loraDropout {@code lora_dropout}, applied to the adapter's input while training
 * @param targetModules {@code target_modules}: a module is adapted when its name equals one of
 *     these or ends with {@code "." + } one of these, PEFT's rule for a list
 * @param modulesToSave {@code modules_to_save}: modules trained in full and saved with the adapter
 *     (the task head)
 * @param taskType {@code task_type}: {@code TOKEN_CLS}, {@code QUESTION_ANS}, ...
 */
public record LoraConfig(
    String baseModelNameOrPath,
    int r,
    double loraAlpha,
    double loraDropout,
    List<String> targetModules,
    List<String> modulesToSave,
    String taskType) {

  /** The file name PEFT reads. */
  public static final String FILE = "adapter_config.json";

  /** PEFT's LoRA defaults for BERT: the attention's query and value projections. */
  public static final List<String> DEFAULT_TARGETS = List.of("query", "value");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates the values and copies the lists. */
  public LoraConfig {
    Objects.requireNonNull(baseModelNameOrPath, "baseModelNameOrPath");
    if (r < 1) {
      throw new IllegalArgumentException("LoRA rank r must be at least 1, got " + r);
    }
    if (!(loraAlpha > 0)) {
      throw new IllegalArgumentException("lora_alpha must be positive, got " + loraAlpha);
    }
    if (!(loraDropout >= 0 && loraDropout < 1)) {
      throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
    }
    targetModules = List.copyOf(targetModules);
    modulesToSave = List.copyOf(modulesToSave);
    if (targetModules.isEmpty()) {
      throw new IllegalArgumentException("LoRA needs at least one target module");
    }
  }

  /** This config with the task's head saved in full and its PEFT task type. */
  public LoraConfig forTask(List<String> modulesToSave, String taskType) {
    return new LoraConfig(
        baseModelNameOrPath, r, loraAlpha, loraDropout, targetModules, modulesToSave, taskType);
  }

  /** {@code lora_alpha / r}. */
  public double scaling() {
    return loraAlpha / r;
  }

  /**
   * Whether the module of that name (for example {@code encoder.layer.0.attention.self.query}) is
   * adapted.
   */
  public boolean targets(String moduleName) {
    return targetModules.stream()
        .anyMatch(t -> moduleName.equals(t) || moduleName.endsWith("." + t));
  }

  /** Whether a directory holds a PEFT adapter. */
  public static boolean isAdapter(Path dir) {
    return Files.isRegularFile(dir.resolve(FILE));
  }

  /**
   * Reads {@code dir/adapter_config.json}.
   *
   * @throws ModelLoadException if it is not a LoRA adapter llmkit can apply
   */
  public static LoraConfig read(Path dir) {
    Path file = dir.resolve(FILE);
    try {
      JsonNode c = JSON.readTree(file.toFile());
      String type = c.path("peft_type").asText("LORA");
      if (!type.equals("LORA")) {
        throw new ModelLoadException(
            file + ": peft_type " + type + "; only LORA adapters are read");
      }
      for (String unsupported : List.of("use_dora", "use_rslora", "fan_in_fan_out")) {
        if (c.path(unsupported).asBoolean(false)) {
          throw new ModelLoadException(file + ": " + unsupported + " is not supported");
        }
      }
      if (c.path("rank_pattern").size() > 0 || c.path("alpha_pattern").size() > 0) {
        throw new ModelLoadException(file + ": rank_pattern and alpha_pattern are not supported");
      }
      if (!c.path("bias").asText("none").equals("none")) {
        throw new ModelLoadException(
            file + ": bias '" + c.get("bias").asText() + "' is not supported");
      }
      return new LoraConfig(
          c.path("base_model_name_or_path").asText(""),
          c.path("r").asInt(8),
          c.path("lora_alpha").asDouble(8),
          c.path("lora_dropout").asDouble(0),
          strings(c.get("target_modules"), file),
          strings(c.get("modules_to_save"), file),
          c.path("task_type").asText(null));
    } catch (IOException e) {
      throw new ModelLoadException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ModelLoadException(file + ": " + e.getMessage(), e);
    }
  }

  /** Writes {@code dir/adapter_config.json} with every field PEFT's {@code LoraConfig} reads. */
  public void write(Path dir) {
    ObjectNode c = JSON.createObjectNode();
    c.putObject("alpha_pattern");
    c.putNull("auto_mapping");
    c.put("base_model_name_or_path", baseModelNameOrPath);
    c.put("bias", "none");
    c.put("fan_in_fan_out", false);
    c.put("inference_mode", true);
    c.put("init_lora_weights", true);
    c.putNull("layers_pattern");
    c.putNull("layers_to_transform");
    c.put("lora_alpha", loraAlpha);
    c.put("lora_dropout", loraDropout);
    ArrayNode save = c.putArray("modules_to_save");
    modulesToSave.forEach(save::add);
    c.put("peft_type", "LORA");
    c.put("r", r);
    c.putObject("rank_pattern");
    c.putNull("revision");
    ArrayNode targets = c.putArray("target_modules");
    targetModules.forEach(targets::add);
    c.put("task_type", taskType);
    c.put("use_dora", false);
    c.put("use_rslora", false);
    try {
      Files.createDirectories(dir);
      JSON.writeValue(dir.resolve(FILE).toFile(), c);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(FILE), e);
    }
  }

  private static List<String> strings(JsonNode node, Path file) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isTextual()) {
      // A string is a regex in PEFT; llmkit only reads lists of names.
      throw new ModelLoadException(file + ": target_modules as a regex is not supported");
    }
    node.forEach(n -> out.add(n.asText()));
    return out;
  }
}
