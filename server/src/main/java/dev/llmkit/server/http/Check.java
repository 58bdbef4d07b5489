package dev.llmkit.server.http;

import dev.llmkit.server.error.ApiException;
import dev.llmkit.server.error.ErrorType;
import java.util.List;

/** Parameter checks that fail with 422 messages naming the field, the rule and the value. */
public final class Check {

  private Check() {}

  /** {@code value} if non-null, else {@code fallback}. */
  public static <T> T orDefault(T value, T fallback) {
    return value == null ? fallback : value;
  }

  /** Requires {@code min <= value <= max}. */
  public static int range(String field, int value, int min, int max) {
    if (value < min || value > max) {
      throw ApiException.validation(
          field + " must be between " + min + " and " + max + ", got " + value);
    }
    return value;
  }

  /** Requires a finite {@code value} with {@code min < value <= max} (exclusive min when asked). */
  public static float range(String field, float value, float min, boolean minExclusive, float max) {
    if (!Float.isFinite(value) || value < min || (minExclusive && value == min) || value > max) {
      throw ApiException.validation(
          field
              + " must be a finite number in "
              + (minExclusive ? "(" : "[")
              + min
              + ", "
              + max
              + "], got "
              + value);
    }
    return value;
  }

  /** Requires a well-formed Unicode string (no unpaired UTF-16 surrogates). */
  public static String text(String field, String value) {
    if (value == null) {
      throw ApiException.validation(field + " is required");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw ApiException.validation(
            field + " holds an unpaired UTF-16 surrogate at index " + i + "; send valid Unicode");
      }
    }
    return value;
  }

  /** Checks every text of an inputs list: non-empty list, at most {@code maxInputs}, each valid. */
  public static List<String> texts(String field, List<String> texts, int maxInputs) {
    if (texts.isEmpty()) {
      throw ApiException.of(ErrorType.EMPTY, field + " must not be empty");
    }
    if (texts.size() > maxInputs) {
      throw ApiException.of(
          ErrorType.PAYLOAD_TOO_LARGE,
          field + " holds " + texts.size() + " texts; at most " + maxInputs + " per request");
    }
    for (int i = 0; i < texts.size(); i++) {
      text(texts.size() == 1 ? field : field + "[" + i + "]", texts.get(i));
    }
    return texts;
  }
}
