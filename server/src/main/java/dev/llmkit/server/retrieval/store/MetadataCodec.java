package dev.llmkit.server.retrieval.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.document.Metadata;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;

/**
 * How LangChain4j metadata lives in a Lucene document.
 *
 * <ul>
 *   <li>Every value is kept, with its Java type, in one stored JSON field so that a match gives the
 *       metadata back exactly ({@code {"key": {"t": "s|u|i|l|f|d", "v": ...}}}).
 *   <li>Strings and UUIDs are indexed as exact terms under {@code m.<key>}; values of a
 *       <em>multi-valued</em> key (entity types such as {@code ORG}) are lists joined with {@link
 *       #SEPARATOR}, and each element is indexed as its own term, so {@code
 *       metadataKey("ORG").isEqualTo("Apple")} matches a segment whose {@code ORG} is {@code
 *       "Apple|Google"}.
 *   <li>Numbers are indexed as doubles under {@code n.<key>} for range queries (integers past
 *       2<sup>53</sup> lose precision there; the stored value stays exact).
 * </ul>
 */
public final class MetadataCodec {

  /** Joins the elements of a multi-valued key's value. */
  public static final String SEPARATOR = "|";

  static final String STRING_PREFIX = "m.";
  static final String NUMBER_PREFIX = "n.";
  static final String STORED = "metadata";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Set<String> multiValuedKeys;

  /**
   * A codec.
   *
   * @param multiValuedKeys keys whose string values are {@link #SEPARATOR}-joined lists
   */
  public MetadataCodec(Set<String> multiValuedKeys) {
    this.multiValuedKeys = Set.copyOf(multiValuedKeys);
  }

  /** Joins list elements into one value of a multi-valued key. */
  public static String join(List<String> values) {
    for (String v : values) {
      if (v.contains(SEPARATOR)) {
        throw new IllegalArgumentException(
            "a multi-valued metadata element must not contain '" + SEPARATOR + "': " + v);
      }
    }
    return String.join(SEPARATOR, values);
  }

  /** Whether {@code key} holds joined lists. */
  public boolean isMultiValued(String key) {
    return multiValuedKeys.contains(key);
  }

  /** Adds the indexed and stored fields of {@code metadata} to {@code doc}. */
  public void write(Metadata metadata, Document doc) {
    ObjectNode stored = JSON.createObjectNode();
    for (Map.Entry<String, Object> e : metadata.toMap().entrySet()) {
      String key = e.getKey();
      Object value = e.getValue();
      ObjectNode typed = stored.putObject(key);
      if (value instanceof String s) {
        typed.put("t", "s").put("v", s);
        for (String term : terms(key, s)) {
          doc.add(new StringField(STRING_PREFIX + key, term, Field.Store.NO));
        }
      } else if (value instanceof UUID u) {
        typed.put("t", "u").put("v", u.toString());
        doc.add(new StringField(STRING_PREFIX + key, u.toString(), Field.Store.NO));
      } else if (value instanceof Number n) {
        if (value instanceof Integer i) {
          typed.put("t", "i").put("v", i);
        } else if (value instanceof Long l) {
          typed.put("t", "l").put("v", l);
        } else if (value instanceof Float f) {
          typed.put("t", "f").put("v", f);
        } else {
          typed.put("t", "d").put("v", n.doubleValue());
        }
        doc.add(new DoublePoint(NUMBER_PREFIX + key, n.doubleValue()));
      } else {
        throw new IllegalArgumentException(
            "unsupported metadata type for '" + key + "': " + value.getClass().getSimpleName());
      }
    }
    doc.add(new org.apache.lucene.document.StoredField(STORED, stored.toString()));
  }

  /** The terms a string value is indexed under. */
  List<String> terms(String key, String value) {
    if (!isMultiValued(key)) {
      return List.of(value);
    }
    List<String> out = new ArrayList<>();
    for (String part : value.split(java.util.regex.Pattern.quote(SEPARATOR), -1)) {
      if (!part.isEmpty()) {
        out.add(part);
      }
    }
    return out;
  }

  /** Reads the stored metadata back with its original types. */
  public static Metadata read(Document doc) {
    String json = doc.get(STORED);
    Metadata metadata = new Metadata();
    if (json == null) {
      return metadata;
    }
    try {
      JsonNode root = JSON.readTree(json);
      for (Map.Entry<String, JsonNode> e : root.properties()) {
        JsonNode v = e.getValue().get("v");
        String key = e.getKey();
        switch (e.getValue().get("t").asText()) {
          case "s" -> metadata.put(key, v.asText());
          case "u" -> metadata.put(key, UUID.fromString(v.asText()));
          case "i" -> metadata.put(key, v.asInt());
          case "l" -> metadata.put(key, v.asLong());
          case "f" -> metadata.put(key, (float) v.asDouble());
          default -> metadata.put(key, v.asDouble());
        }
      }
      return metadata;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("corrupt stored metadata", e);
    }
  }
}
