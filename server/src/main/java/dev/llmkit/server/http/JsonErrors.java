package dev.llmkit.server.http;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns Jackson's exceptions into client messages that name the field and the expected type in JSON
 * terms, never a Java class: malformed JSON is 400, a well-formed but wrong request is 422.
 */
final class JsonErrors {

  private JsonErrors() {}

  static ApiException translate(JacksonException e) {
    if (e instanceof StreamConstraintsException) {
      String what =
          e.getOriginalMessage().toLowerCase(Locale.ROOT).contains("nesting")
              ? "nests deeper than " + Json.MAX_NESTING_DEPTH + " levels"
              : "holds a number or string longer than allowed";
      return ApiException.of(ErrorType.INVALID_JSON, "request body " + what);
    }
    if (e instanceof InputCoercionException) {
      return ApiException.validation("a number is out of range: " + clean(e.getOriginalMessage()));
    }
    if (e instanceof StreamReadException) {
      return ApiException.of(
          ErrorType.INVALID_JSON,
          "invalid JSON" + at(e.getLocation()) + ": " + clean(e.getOriginalMessage()));
    }
    if (e instanceof JsonMappingException m) {
      return mapping(m);
    }
    return ApiException.of(ErrorType.INVALID_JSON, "invalid JSON");
  }

  private static ApiException mapping(JsonMappingException e) {
    String path = path(e);
    String field = path.isEmpty() ? "request body" : "'" + path + "'";
    Throwable cause = e.getCause();
    if (cause instanceof ApiException api) {
      return api;
    }
    if (cause instanceof InputCoercionException) {
      return ApiException.validation(field + " is out of range for its type");
    }
    if (cause instanceof StreamConstraintsException sc) {
      return translate(sc);
    }
    if (cause instanceof StreamReadException sr) {
      return translate(sr);
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String parent = parentPath(path);
      return ApiException.validation(
          "unknown field '"
              + u.getPropertyName()
              + "'"
              + (parent.isEmpty() ? "" : " in '" + parent + "'")
              + "; expected one of "
              + known(u.getKnownPropertyIds()));
    }
    if (e instanceof TextInputs.ShapeException) {
      return ApiException.validation(field + " " + e.getOriginalMessage());
    }
    if (e instanceof ValueInstantiationException && cause instanceof IllegalArgumentException) {
      return ApiException.validation(field + ": " + clean(cause.getMessage()));
    }
    if (e instanceof InvalidFormatException f
        && f.getTargetType() != null
        && f.getTargetType().isEnum()) {
      return ApiException.validation(
          field
              + " must be one of "
              + enumValues(f.getTargetType())
              + ", got "
              + quote(f.getValue()));
    }
    if (e instanceof MismatchedInputException m) {
      if (path.isEmpty()) {
        return ApiException.validation("request body must be a JSON object");
      }
      return ApiException.validation(field + " must be " + expected(m.getTargetType()));
    }
    return ApiException.validation(field + " has an invalid value");
  }

  /** What a Java target type is called in JSON. */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == String.class || type == char.class || type == Character.class) {
      return "a string";
    }
    if (type == int.class
        || type == Integer.class
        || type == long.class
        || type == Long.class
        || type == short.class
        || type == Short.class) {
      return "an integer";
    }
    if (type == float.class
        || type == Float.class
        || type == double.class
        || type == Double.class) {
      return "a number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "a boolean";
    }
    if (type.isArray() || Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    if (type.isEnum()) {
      return "one of " + enumValues(type);
    }
    if (Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "an object";
    }
    return "of another type";
  }

  private static String enumValues(Class<?> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String known(Collection<Object> ids) {
    if (ids == null) {
      return "[]";
    }
    return ids.stream().map(String::valueOf).sorted().collect(Collectors.joining(", ", "[", "]"));
  }

  /** The dotted JSON path of the failing value ({@code parameters.top_k}, {@code inputs[2]}). */
  static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    List<JsonMappingException.Reference> refs = e.getPath();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String parentPath(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? "" : path.substring(0, dot);
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String quote(Object value) {
    String s = String.valueOf(value);
    return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
  }

  /** Keeps the first line of Jackson's message, without backquoted Java names. */
  private static String clean(String message) {
    if (message == null) {
      return "malformed input";
    }
    String line = message.lines().findFirst().orElse("malformed input");
    line = line.replaceAll("`[^`]*`", "value");
    return line.length() > 200 ? line.substring(0, 200) + "..." : line;
  }
}
