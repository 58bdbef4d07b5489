package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

/** The one strict Jackson setup of the server: snake_case, no coercions, bounded input. */
public final class Json {

  /** Deepest accepted nesting of arrays and objects in a request. */
  public static final int MAX_NESTING_DEPTH = 32;

  private static final ObjectMapper MAPPER = configure(JsonMapper.builder(factory())).build();

  private Json() {}

  /** The shared strict mapper (thread-safe). */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** A JSON factory with tight read limits (nesting, number and string length). */
  public static JsonFactory factory() {
    JsonFactory factory =
        JsonFactory.builder()
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    factory.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxNumberLength(64)
            .maxStringLength(64 * 1024 * 1024)
            .build());
    return factory;
  }

  /**
   * Applies the strict settings to a mapper builder: unknown fields, scalar coercions ({@code "1"}
   * for 1, 1.5 for an int, null for a primitive) and trailing tokens are all errors.
   */
  public static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
    return builder
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .withCoercionConfigDefaults(
            c -> {
              c.setCoercion(CoercionInputShape.String, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            })
        .withCoercionConfig(
            LogicalType.Textual,
            c -> {
              c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
              c.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
            });
  }
}
