package dev.llmkit.inference.defaults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns a bundle's int8 tensors back into floating point, so loaders only ever see an ordinary
 * checkpoint.
 *
 * <p>A bundle that stores tensors as int8 ({@link Int8Rows}) carries {@value #FILE}:
 *
 * <pre>{@code
 * {"version": 1, "scheme": "int8-symmetric-per-row",
 *  "tensors": {"<quantized tensor>": "<its F32 scale tensor, one value per row>", ...}}
 * }</pre>
 *
 * <p>Unpacking rewrites {@code model.safetensors} without the scale tensors, each quantized tensor
 * dequantized to F16, or to F32 when any other floating-point tensor of the bundle is not F16. The
 * other tensors keep their dtype (F64 and F8 become F32, integer tensors other than I8 become I64);
 * the {@code __metadata__} map is kept. {@value #FILE} is then removed: it no longer describes the
 * file.
 */
final class QuantizedTensors {

  /** The bundle file naming the int8 tensors and their scales. */
  static final String FILE = "quantized-tensors.json";

  /** The only scheme so far: symmetric int8, one F32 scale per row of the stored 2-D layout. */
  static final String SCHEME = "int8-symmetric-per-row";

  /** The version of {@value #FILE} this class reads. */
  static final int VERSION = 1;

  private static final String MODEL = "model.safetensors";

  /** What {@value #FILE} says: quantized tensor name → scale tensor name, in file order. */
  private record Spec(Map<String, String> scales) {}

  private QuantizedTensors() {}

  /**
   * Dequantizes the tensors {@code dir/quantized-tensors.json} names, rewriting {@code
   * dir/model.safetensors}, and removes the description.
   *
   * @throws IOException when a file cannot be read or written
   * @throws IllegalArgumentException when the description is malformed or of an unknown scheme or
   *     version, or a quantized tensor or its scale does not fit it
   */
  static void expand(Path dir) throws IOException {
    Spec spec = parse(Files.readString(dir.resolve(FILE)));
    Path model = dir.resolve(MODEL);
    SafetensorsWriter out = SafetensorsWriter.create();
    try (SafetensorsFile in = SafetensorsFile.open(model)) {
      in.metadata().forEach(out::metadata);
      Set<String> scaleNames = new HashSet<>(spec.scales().values());
      for (Map.Entry<String, String> e : spec.scales().entrySet()) {
        requireIn(in, e.getKey(), "quantized tensor");
        requireIn(in, e.getValue(), "scale tensor of " + e.getKey());
      }
      SafetensorsDtype target = targetDtype(in, spec, scaleNames);
      for (String name : in.names()) {
        String scale = spec.scales().get(name);
        if (scale != null) {
          out.addFloats(name, dequantize(in, name, scale), in.require(name).shape(), target);
        } else if (!scaleNames.contains(name)) {
          copy(in, name, out);
        }
      }
    }
    out.write(model);
    Files.delete(dir.resolve(FILE));
  }

  private static Spec parse(String json) throws IOException {
    JsonNode root = new ObjectMapper().readTree(json);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(FILE + ": not a JSON object");
    }
    JsonNode version = root.path("version");
    if (!version.isInt() || version.intValue() != VERSION) {
      throw new IllegalArgumentException(
          FILE
              + ": unsupported version "
              + version
              + " (this llmkit reads version "
              + VERSION
              + ")");
    }
    if (!SCHEME.equals(root.path("scheme").asText(null))) {
      throw new IllegalArgumentException(
          FILE + ": unknown scheme " + root.path("scheme") + " (known: \"" + SCHEME + "\")");
    }
    Map<String, String> scales = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> f : root.path("tensors").properties()) {
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException(
            FILE + ": tensor " + f.getKey() + " needs the name of its scale tensor");
      }
      scales.put(f.getKey(), f.getValue().asText());
    }
    if (scales.isEmpty()) {
      throw new IllegalArgumentException(FILE + ": names no tensors");
    }
    return new Spec(scales);
  }

  private static void requireIn(SafetensorsFile in, String name, String role) {
    if (!in.contains(name)) {
      throw new IllegalArgumentException(FILE + ": " + role + " " + name + " is not in " + MODEL);
    }
  }

  private static float[] dequantize(SafetensorsFile in, String name, String scaleName) {
    TensorInfo t = in.require(name);
    if (t.dtype() != SafetensorsDtype.I8) {
      throw new IllegalArgumentException(
          FILE + ": quantized tensor " + name + " is " + t.dtype() + ", expected I8");
    }
    long[] shape = t.shape();
    if (shape.length != 2) {
      throw new IllegalArgumentException(
          FILE
              + ": quantized tensor "
              + name
              + " has shape "
              + Arrays.toString(shape)
              + ", expected 2-D (rows, cols)");
    }
    TensorInfo s = in.require(scaleName);
    if (s.dtype() != SafetensorsDtype.F32 || !Arrays.equals(s.shape(), new long[] {shape[0]})) {
      throw new IllegalArgumentException(
          FILE
              + ": scale tensor "
              + scaleName
              + " of "
              + name
              + " is "
              + s.dtype()
              + " "
              + Arrays.toString(s.shape())
              + ", expected F32 ["
              + shape[0]
              + "] (one scale per row)");
    }
    try {
      return Int8Rows.dequantize(
          in.readInt8(name),
          in.readFloats(scaleName),
          Math.toIntExact(shape[0]),
          Math.toIntExact(shape[1]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FILE + ": " + name + ": " + e.getMessage(), e);
    }
  }

  /** F16 when every other floating-point tensor is F16 (or there is none), else F32. */
  private static SafetensorsDtype targetDtype(
      SafetensorsFile in, Spec spec, Set<String> scaleNames) {
    for (String name : in.names()) {
      SafetensorsDtype d = in.require(name).dtype();
      boolean other = !spec.scales().containsKey(name) && !scaleNames.contains(name);
      if (other && d.isFloatingPoint() && d != SafetensorsDtype.F16) {
        return SafetensorsDtype.F32;
      }
    }
    return SafetensorsDtype.F16;
  }

  /** Copies a tensor unchanged where the writer can store its dtype (see the class comment). */
  private static void copy(SafetensorsFile in, String name, SafetensorsWriter out) {
    TensorInfo t = in.require(name);
    switch (t.dtype()) {
      case F32, F16, BF16 -> out.addFloats(name, in.readFloats(name), t.shape(), t.dtype());
      case F64, F8_E4M3, F8_E5M2 -> out.addFloats(name, in.readFloats(name), t.shape());
      case I8 -> out.addInt8(name, in.readInt8(name), t.shape());
      default -> out.addLongs(name, in.readLongs(name), t.shape());
    }
  }
}
