package dev.llmkit.inference.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * JSON rendering of evaluation results: records field by field, in order, with the snake_case names
 * the ecosystem's tools print ({@code exact_match} and {@code f1} as SQuAD's {@code
 * evaluate-v1.1.py} and {@code evaluate.load("squad")}, {@code bits_per_byte} as lm-eval).
 */
public final class EvalJson {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private EvalJson() {}

  /** Renders a result record as indented JSON. */
  public static String toJson(Object result) {
    try {
      return JSON.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise " + result.getClass().getSimpleName(), e);
    }
  }
}
