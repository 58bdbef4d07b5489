package dev.llmkit.inference.peft;

import dev.llmkit.inference.model.ModelLoadException;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsException;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.TensorReader;
import dev.llmkit.inference.store.ModelStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * LoRA adapters in PEFT's on-disk layout: {@code adapter_config.json} ({@link LoraConfig}) and
 * {@code adapter_model.safetensors}, whose keys are the wrapped model's parameter names under
 * {@code base_model.model.} with the adapter name removed, as PEFT's {@code
 * get_peft_model_state_dict} writes them:
 *
 * <pre>
 * base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight   (r, in)
 * base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight   (out, r)
 * base_model.model.classifier.weight                                         (modules_to_save)
 * </pre>
 *
 * <p>So Python's {@code PeftModel.from_pretrained(base, dir)} loads what llmkit trains, and llmkit
 * loads an adapter anywhere a model directory is accepted: {@link #openCheckpoint} merges it into
 * its base as the weights are read.
 */
public final class PeftAdapter {

  /** The adapter weights' file name. */
  public static final String WEIGHTS = "adapter_model.safetensors";

  /** The prefix PEFT's wrapper puts before every parameter name. */
  public static final String KEY_PREFIX = "base_model.model.";

  private PeftAdapter() {}

  /**
   * Writes an adapter: every LoRA weight among the parameters, and the parameters of {@code
   * modules_to_save}, in float32.
   *
   * @param dir the output directory (created if needed)
   */
  public static void save(Path dir, LoraConfig config, Parameters parameters) {
    SafetensorsWriter writer = SafetensorsWriter.create().metadata("format", "pt");
    int lora = 0;
    for (Map.Entry<String, ai.djl.ndarray.NDArray> e : parameters.asMap().entrySet()) {
      String name = e.getKey();
      boolean isLora = name.contains(".lora_A.") || name.contains(".lora_B.");
      boolean isSaved = config.modulesToSave().stream().anyMatch(m -> name.startsWith(m + "."));
      if (isLora || isSaved) {
        writer.addArray(KEY_PREFIX + name, e.getValue(), SafetensorsDtype.F32);
        lora += isLora ? 1 : 0;
      }
    }
    if (lora == 0) {
      throw new IllegalArgumentException("the parameters hold no LoRA weights");
    }
    config.write(dir);
    writer.write(dir.resolve(WEIGHTS));
  }

  /**
   * The checkpoint of a model directory: an adapter merged into its base, or the directory's own
   * safetensors.
   *
   * @throws ModelLoadException if an adapter's base cannot be found or does not fit it
   */
  public static TensorReader openCheckpoint(Path dir) {
    if (!LoraConfig.isAdapter(dir)) {
      return Safetensors.open(dir);
    }
    LoraConfig config = LoraConfig.read(dir);
    Path baseDir = baseDirectory(dir, config);
    TensorReader base = Safetensors.open(baseDir);
    try {
      SafetensorsFile adapter = SafetensorsFile.open(dir.resolve(WEIGHTS));
      try {
        return new LoraMergedCheckpoint(dir, config, base, adapter);
      } catch (RuntimeException e) {
        adapter.close();
        throw e;
      }
    } catch (SafetensorsException | ModelLoadException e) {
      base.close();
      throw e;
    }
  }

  /**
   * Where an adapter's base model is: {@code base_model_name_or_path} as a directory (relative to
   * the adapter's own directory, or absolute), else as a model name or Hub id resolved by the model
   * store ({@code bert-base-cased} needs no network).
   */
  public static Path baseDirectory(Path adapterDir, LoraConfig config) {
    String base = config.baseModelNameOrPath();
    if (base.isBlank()) {
      throw new ModelLoadException(adapterDir + ": adapter_config.json names no base model");
    }
    Path relative = adapterDir.resolve(base);
    if (Files.isDirectory(relative)) {
      return relative;
    }
    return ModelStore.fromEnvironment().resolve(base);
  }

  /** A key of the adapter file without PEFT's prefix. */
  static String modelName(String key, Path dir) {
    if (!key.startsWith(KEY_PREFIX)) {
      throw new ModelLoadException(
          dir.resolve(WEIGHTS) + ": key " + key + " lacks PEFT's prefix " + KEY_PREFIX);
    }
    return key.substring(KEY_PREFIX.length());
  }
}
