package dev.llmkit.server.service;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Why generation ended, TGI's {@code finish_reason}. */
public enum FinishReason {
  /** {@code max_new_tokens} reached. */
  LENGTH,
  /** The end-of-sequence token was generated. */
  EOS_TOKEN,
  /** A stop sequence was generated. */
  STOP_SEQUENCE;

  /** The wire name ({@code length}, {@code eos_token}, {@code stop_sequence}). */
  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
