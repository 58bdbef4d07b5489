package dev.llmkit.inference.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Class labels of a classification head, indexed by id ({@code id2label} in {@code config.json}).
 *
 * @param names label of each id, {@code names.get(id)}
 */
public record Labels(List<String> names) {

  /** Copies the list. */
  public Labels {
    names = List.copyOf(names);
  }

  /** Number of labels. */
  public int size() {
    return names.size();
  }

  /** The label of {@code id}. */
  public String name(int id) {
    return names.get(id);
  }

  /** The id of {@code label}, if present. */
  public OptionalInt id(String label) {
    int i = names.indexOf(label);
    return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
  }

  /** transformers' defaults when a config has no {@code id2label}: LABEL_0, LABEL_1, ... */
  public static Labels generic(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add("LABEL_" + i);
    }
    return new Labels(names);
  }

  /**
   * Reads {@code id2label} (keys "0".."n-1"), or {@code num_labels}; empty list if neither.
   *
   * @throws ModelLoadException if ids are not the contiguous range 0..n-1
   */
  static Labels fromConfig(JsonNode config, String source) {
    JsonNode id2label = config.get("id2label");
    if (id2label != null && id2label.isObject() && !id2label.isEmpty()) {
      String[] names = new String[id2label.size()];
      for (Map.Entry<String, JsonNode> e : id2label.properties()) {
        int id;
        try {
          id = Integer.parseInt(e.getKey());
        } catch (NumberFormatException ex) {
          throw new ModelLoadException(source + ": id2label key '" + e.getKey() + "' is not an id");
        }
        if (id < 0 || id >= names.length || names[id] != null) {
          throw new ModelLoadException(
              source + ": id2label ids must be 0.." + (names.length - 1) + ", found " + id);
        }
        names[id] = e.getValue().asText();
      }
      return new Labels(List.of(names));
    }
    JsonNode numLabels = config.get("num_labels");
    if (numLabels != null && numLabels.canConvertToInt() && numLabels.intValue() > 0) {
      return generic(numLabels.intValue());
    }
    return new Labels(List.of());
  }
}
