package dev.llmkit.inference.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** JSON rendering of evaluation results (records are serialised field by field, in order). */
public final class EvalJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
