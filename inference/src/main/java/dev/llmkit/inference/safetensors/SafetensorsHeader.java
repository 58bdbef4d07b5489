package dev.llmkit.inference.safetensors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The parsed and validated JSON header of a safetensors file.
 *
 * <p>Validation follows the format's rules (<a
 * href="https://github.com/huggingface/safetensors#format">spec</a>): every entry has a known
 * dtype, a non-negative shape and {@code data_offsets} whose length equals elements × dtype size;
 * the ranges tile the data section exactly, without overlaps or holes; duplicate keys are rejected.
 *
 * @param tensors entries by name, sorted by name
 * @param metadata the {@code __metadata__} string map
 */
record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata) {

  static final String METADATA_KEY = "__metadata__";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /**
   * Parses {@code json} and checks it against a data section of {@code dataLength} bytes.
   *
   * @throws SafetensorsException on any violation, naming {@code file} and the tensor
   */
  static SafetensorsHeader parse(Path file, byte[] json, long dataLength) {
    if (json.length == 0 || json[0] != '{') {
      throw new SafetensorsException(file, null, "header is not a JSON object");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(
          file, null, "header is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsException(file, null, "header is not valid JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new SafetensorsException(file, null, "header is not a JSON object");
    }
    Map<String, String> metadata = Map.of();
    Map<String, TensorInfo> tensors = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (METADATA_KEY.equals(field.getKey())) {
        metadata = parseMetadata(file, field.getValue());
      } else {
        tensors.put(field.getKey(), parseEntry(file, field.getKey(), field.getValue()));
      }
    }
    checkTiling(file, tensors.values(), dataLength);
    return new SafetensorsHeader(
        Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
  }

  private static Map<String, String> parseMetadata(Path file, JsonNode node) {
    if (!node.isObject()) {
      throw new SafetensorsException(file, null, METADATA_KEY + " must be an object of strings");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (!e.getValue().isTextual()) {
        throw new SafetensorsException(
            file,
            null,
            METADATA_KEY
                + " value for '"
                + SafetensorsException.abbreviate(e.getKey())
                + "' is not a string");
      }
      metadata.put(e.getKey(), e.getValue().textValue());
    }
    return metadata;
  }

  private static TensorInfo parseEntry(Path file, String name, JsonNode node) {
    if (!node.isObject()) {
      throw new SafetensorsException(file, name, "entry is not a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("dtype") && !key.equals("shape") && !key.equals("data_offsets")) {
        throw new SafetensorsException(
            file, name, "unexpected field '" + SafetensorsException.abbreviate(key) + "'");
      }
    }
    JsonNode dtypeNode = node.get("dtype");
    if (dtypeNode == null || !dtypeNode.isTextual()) {
      throw new SafetensorsException(file, name, "missing or non-string 'dtype'");
    }
    SafetensorsDtype dtype =
        SafetensorsDtype.parse(dtypeNode.textValue())
            .orElseThrow(
                () ->
                    new SafetensorsException(
                        file,
                        name,
                        "unknown dtype '"
                            + SafetensorsException.abbreviate(dtypeNode.textValue())
                            + "'"));
    long[] shape = nonNegativeLongs(file, name, node.get("shape"), "shape", -1);
    long[] offsets = nonNegativeLongs(file, name, node.get("data_offsets"), "data_offsets", 2);
    long begin = offsets[0];
    long end = offsets[1];
    if (end < begin) {
      throw new SafetensorsException(
          file, name, "data_offsets [" + begin + ", " + end + "] end before begin");
    }
    long expected;
    try {
      long count = 1;
      for (long d : shape) {
        count = Math.multiplyExact(count, d);
      }
      expected = Math.multiplyExact(count, (long) dtype.byteSize());
    } catch (ArithmeticException e) {
      throw new SafetensorsException(file, name, "shape element count overflows", e);
    }
    if (end - begin != expected) {
      throw new SafetensorsException(
          file,
          name,
          "data_offsets span "
              + (end - begin)
              + " bytes but "
              + dtype
              + java.util.Arrays.toString(shape)
              + " needs "
              + expected);
    }
    return new TensorInfo(name, dtype, shape, begin, end);
  }

  private static long[] nonNegativeLongs(
      Path file, String name, JsonNode node, String field, int requiredLength) {
    if (node == null || !node.isArray()) {
      throw new SafetensorsException(file, name, "missing or non-array '" + field + "'");
    }
    if (requiredLength >= 0 && node.size() != requiredLength) {
      throw new SafetensorsException(
          file, name, "'" + field + "' must have " + requiredLength + " entries");
    }
    long[] values = new long[node.size()];
    for (int i = 0; i < values.length; i++) {
      JsonNode v = node.get(i);
      if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
        throw new SafetensorsException(
            file, name, "'" + field + "' must hold non-negative integers, found " + abbrev(v));
      }
      values[i] = v.longValue();
    }
    return values;
  }

  private static String abbrev(JsonNode v) {
    return SafetensorsException.abbreviate(v.toString());
  }

  /** Ranges sorted by offset must start at 0, touch each other and end at the data length. */
  private static void checkTiling(Path file, Iterable<TensorInfo> entries, long dataLength) {
    List<TensorInfo> sorted = new ArrayList<>();
    entries.forEach(sorted::add);
    sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
    long expected = 0;
    TensorInfo previous = null;
    for (TensorInfo t : sorted) {
      if (t.begin() < expected) {
        throw new SafetensorsException(
            file, t.name(), "data overlaps tensor '" + previous.name() + "'");
      }
      if (t.begin() > expected) {
        throw new SafetensorsException(
            file,
            t.name(),
            "hole in data section: bytes ["
                + expected
                + ", "
                + t.begin()
                + ") belong to no tensor");
      }
      expected = t.end();
      previous = t;
    }
    if (expected != dataLength) {
      String detail =
          expected > dataLength
              ? "file truncated: tensors need "
                  + expected
                  + " data bytes but the file holds "
                  + dataLength
              : "data section has " + (dataLength - expected) + " trailing bytes";
      throw new SafetensorsException(file, previous == null ? null : previous.name(), detail);
    }
  }
}
