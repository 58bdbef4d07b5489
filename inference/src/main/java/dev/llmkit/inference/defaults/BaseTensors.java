package dev.llmkit.inference.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.safetensors.Safetensors;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.TensorInfo;
import dev.llmkit.inference.safetensors.TensorReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completes a bundled model with tensors it shares with the default encoder, so a bundle ships only
 * what fine-tuning changed (a frozen 30522 × 384 word-embedding table is 45% of MiniLM).
 *
 * <p>A bundle that does this carries {@value #FILE}: {@code {"base": "all-minilm-l6-v2", "tensors":
 * {"<name in the bundle>": "<name in the base>", ...}}}. After unpacking, the bundle's {@code
 * model.safetensors} is rewritten (float32) with those tensors read from the base model.
 */
final class BaseTensors {

  /** The bundle file naming the tensors taken from the base encoder. */
  static final String FILE = "base-tensors.json";

  /** The one base llmkit bundles against: the default embedding encoder. */
  static final String MINILM = "all-minilm-l6-v2";

  private BaseTensors() {}

  /**
   * Rewrites {@code dir/model.safetensors} with the tensors {@code dir/base-tensors.json} names,
   * read from {@code baseDir/model.safetensors}.
   *
   * @throws IOException when a file cannot be read or written
   * @throws IllegalArgumentException when the description is malformed, names another base, or a
   *     named tensor is missing from the base or already present in the bundle
   */
  static void complete(Path dir, Path baseDir) throws IOException {
    JsonNode spec = new ObjectMapper().readTree(Files.readString(dir.resolve(FILE)));
    if (!MINILM.equals(spec.path("base").asText())) {
      throw new IllegalArgumentException(
          FILE + ": base must be \"" + MINILM + "\", got " + spec.path("base"));
    }
    Map<String, String> fromBase = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : spec.path("tensors").properties()) {
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException(FILE + ": tensor " + f.getKey() + " needs a base name");
      }
      fromBase.put(f.getKey(), f.getValue().asText());
    }
    if (fromBase.isEmpty()) {
      throw new IllegalArgumentException(FILE + ": names no tensors");
    }
    Path model = dir.resolve("model.safetensors");
    SafetensorsWriter merged = SafetensorsWriter.create().metadata("format", "pt");
    try (TensorReader own = Safetensors.open(model);
        TensorReader base = Safetensors.open(baseDir.resolve("model.safetensors"))) {
      for (String name : own.names()) {
        if (fromBase.containsKey(name)) {
          throw new IllegalArgumentException(FILE + ": " + name + " is already in the bundle");
        }
        merged.addFloats(
            name, own.readFloats(name), own.require(name).shape(), SafetensorsDtype.F32);
      }
      for (Map.Entry<String, String> e : fromBase.entrySet()) {
        TensorInfo info = base.require(e.getValue());
        merged.addFloats(e.getKey(), base.readFloats(e.getValue()), info.shape());
      }
    }
    merged.write(model);
  }
}
