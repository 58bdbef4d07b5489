package dev.llmkit.server.retrieval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.store.embedding.filter.Filter;
import dev.langchain4j.store.embedding.filter.comparison.IsEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThan;
import dev.langchain4j.store.embedding.filter.comparison.IsGreaterThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsIn;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThan;
import dev.langchain4j.store.embedding.filter.comparison.IsLessThanOrEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotEqualTo;
import dev.langchain4j.store.embedding.filter.comparison.IsNotIn;
import dev.langchain4j.store.embedding.filter.logical.And;
import dev.langchain4j.store.embedding.filter.logical.Not;
import dev.langchain4j.store.embedding.filter.logical.Or;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON form of a LangChain4j metadata {@link Filter}, as {@code POST /search} and {@code POST
 * /qa} accept it:
 *
 * <pre>
 * {"key": "ORG", "op": "eq", "value": "Apple"}          ops: eq ne gt gte lt lte in nin
 * {"key": "year", "op": "in", "value": [2023, 2024]}
 * {"and": [f, f, ...]}   {"or": [f, f, ...]}   {"not": f}
 * </pre>
 */
public final class FilterJson {

  private FilterJson() {}

  /**
   * Parses a filter.
   *
   * @throws RetrievalInputException naming what is wrong
   */
  public static Filter parse(JsonNode node) {
    if (node == null || !node.isObject()) {
      throw bad("a filter must be a JSON object");
    }
    if (node.has("and") || node.has("or")) {
      String op = node.has("and") ? "and" : "or";
      JsonNode parts = node.get(op);
      if (node.size() != 1 || !parts.isArray() || parts.size() < 2) {
        throw bad("'" + op + "' takes an array of at least two filters and nothing else");
      }
      Filter f = parse(parts.get(0));
      for (int i = 1; i < parts.size(); i++) {
        f = op.equals("and") ? new And(f, parse(parts.get(i))) : new Or(f, parse(parts.get(i)));
      }
      return f;
    }
    if (node.has("not")) {
      if (node.size() != 1) {
        throw bad("'not' takes one filter and nothing else");
      }
      return new Not(parse(node.get("not")));
    }
    JsonNode key = node.get("key");
    JsonNode op = node.get("op");
    JsonNode value = node.get("value");
    if (key == null || !key.isTextual() || op == null || !op.isTextual() || value == null) {
      throw bad("a comparison needs \"key\" (string), \"op\" (string) and \"value\"");
    }
    String k = key.asText();
    return switch (op.asText()) {
      case "eq" -> new IsEqualTo(k, scalar(value));
      case "ne" -> new IsNotEqualTo(k, scalar(value));
      case "gt" -> new IsGreaterThan(k, number(value));
      case "gte" -> new IsGreaterThanOrEqualTo(k, number(value));
      case "lt" -> new IsLessThan(k, number(value));
      case "lte" -> new IsLessThanOrEqualTo(k, number(value));
      case "in" -> new IsIn(k, list(value));
      case "nin" -> new IsNotIn(k, list(value));
      default -> throw bad("unknown op '" + op.asText() + "'; use eq ne gt gte lt lte in nin");
    };
  }

  private static Object scalar(JsonNode v) {
    if (v.isTextual()) {
      return v.asText();
    }
    if (v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isNumber()) {
      return v.asDouble();
    }
    throw bad("a filter value must be a string or a number");
  }

  private static Comparable<?> number(JsonNode v) {
    if (!v.isNumber()) {
      throw bad("gt, gte, lt and lte compare numbers");
    }
    return v.isIntegralNumber() ? (Comparable<?>) v.asLong() : (Comparable<?>) v.asDouble();
  }

  private static List<Object> list(JsonNode v) {
    if (!v.isArray() || v.isEmpty()) {
      throw bad("in and nin take a non-empty array");
    }
    List<Object> out = new ArrayList<>();
    v.forEach(e -> out.add(scalar(e)));
    return out;
  }

  private static RetrievalInputException bad(String message) {
    return new RetrievalInputException("filter: " + message);
  }
}
