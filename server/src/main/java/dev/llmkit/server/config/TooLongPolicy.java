package dev.llmkit.server.config;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a task does with an input longer than its {@code max_input_tokens}. */
public enum TooLongPolicy {
  /** Cut the input at the limit. */
  TRUNCATE,
  /** Split the input into overlapping windows and merge the results. */
  CHUNK,
  /** Refuse the request with 413. */
  ERROR;

  /** The wire and config name. */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
