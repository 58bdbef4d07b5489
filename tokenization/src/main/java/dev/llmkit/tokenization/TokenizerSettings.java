package dev.llmkit.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code tokenizer_config.json}, {@code special_tokens_map.json} and {@code config.json} say
 * about a tokenizer, read once into typed fields.
 *
 * @param doLowerCase {@code do_lower_case}; empty when not stated
 * @param stripAccents {@code strip_accents}; null means "follow lowercase", as in BERT
 * @param tokenizeChineseChars {@code tokenize_chinese_chars}, default true
 * @param modelMaxLength {@code model_max_length}, else the model's position count
 * @param specialTokenNames {@code cls_token}, {@code sep_token}, ... by role
 */
record TokenizerSettings(
    Optional<Boolean> doLowerCase,
    Boolean stripAccents,
    boolean tokenizeChineseChars,
    OptionalInt modelMaxLength,
    Map<Role, String> specialTokenNames) {

  /** The special-token roles Hugging Face tokenizers name in their configuration. */
  enum Role {
    CLS("cls_token"),
    SEP("sep_token"),
    PAD("pad_token"),
    UNK("unk_token"),
    MASK("mask_token"),
    BOS("bos_token"),
    EOS("eos_token");

    final String key;

    Role(String key) {
      this.key = key;
    }
  }

  /** HF stores "no limit" as a huge number (1e30); anything above this is treated as unset. */
  private static final double MAX_SENSIBLE_LENGTH = 1 << 24;

  static TokenizerSettings none() {
    return new TokenizerSettings(
        Optional.empty(), null, true, OptionalInt.empty(), new EnumMap<>(Role.class));
  }

  /**
   * @param tokenizerConfig {@code tokenizer_config.json} or null
   * @param specialTokensMap {@code special_tokens_map.json} or null
   * @param modelConfig {@code config.json} or null
   */
  static TokenizerSettings parse(
      JsonNode tokenizerConfig, JsonNode specialTokensMap, JsonNode modelConfig) {
    Map<Role, String> names = new EnumMap<>(Role.class);
    for (JsonNode source : new JsonNode[] {specialTokensMap, tokenizerConfig}) {
      if (source == null) {
        continue;
      }
      for (Role role : Role.values()) {
        JsonNode value = source.get(role.key);
        if (value != null && value.isTextual()) {
          names.put(role, value.asText());
        } else if (value != null && value.hasNonNull("content")) {
          names.put(role, value.get("content").asText()); // AddedToken form {"content": ...}
        }
      }
    }
    Optional<Boolean> lower = Optional.empty();
    Boolean strip = null;
    boolean chinese = true;
    OptionalInt maxLength = OptionalInt.empty();
    if (tokenizerConfig != null) {
      if (tokenizerConfig.has("do_lower_case")) {
        lower = Optional.of(tokenizerConfig.get("do_lower_case").asBoolean());
      }
      JsonNode s = tokenizerConfig.get("strip_accents");
      if (s != null && s.isBoolean()) {
        strip = s.asBoolean();
      }
      chinese = tokenizerConfig.path("tokenize_chinese_chars").asBoolean(true);
      maxLength = sensibleLength(tokenizerConfig.get("model_max_length"));
    }
    if (maxLength.isEmpty() && modelConfig != null) {
      maxLength = sensibleLength(modelConfig.get("max_position_embeddings"));
      if (maxLength.isEmpty()) {
        maxLength = sensibleLength(modelConfig.get("n_positions")); // GPT-2
      }
    }
    return new TokenizerSettings(lower, strip, chinese, maxLength, names);
  }

  private static OptionalInt sensibleLength(JsonNode node) {
    if (node == null || !node.isNumber()) {
      return OptionalInt.empty();
    }
    double value = node.asDouble();
    return value > 0 && value <= MAX_SENSIBLE_LENGTH
        ? OptionalInt.of((int) value)
        : OptionalInt.empty();
  }

  String name(Role role, String fallback) {
    return specialTokenNames.getOrDefault(role, fallback);
  }
}
