package dev.llmkit.tokenization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.tokenization.TokenizerSettings.Role;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The token/id tables of a {@code tokenizer.json} (model vocabulary plus added tokens), the
 * tokenizer's {@link Tokenizer.Kind}, and its special tokens by role.
 */
final class Vocabulary {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Long> idOf;
  private final String[] tokenOf;
  private final Tokenizer.Kind kind;
  private final String modelUnk;

  private Vocabulary(Map<String, Long> idOf, Tokenizer.Kind kind, String modelUnk) {
    this.idOf = idOf;
    this.kind = kind;
    this.modelUnk = modelUnk;
    long max = idOf.values().stream().mapToLong(Long::longValue).max().orElse(-1);
    tokenOf = new String[(int) max + 1];
    idOf.forEach((token, id) -> tokenOf[id.intValue()] = token);
  }

  static Vocabulary parse(String tokenizerJson) {
    JsonNode root;
    try {
      root = JSON.readTree(tokenizerJson);
    } catch (IOException e) {
      throw new TokenizerException("tokenizer.json is not valid JSON", e);
    }
    JsonNode model = root.path("model");
    JsonNode vocab = model.path("vocab");
    if (!vocab.isObject()) {
      throw new TokenizerException(
          "tokenizer.json has no model.vocab object (only WordPiece and BPE are supported)");
    }
    Map<String, Long> idOf = new HashMap<>(vocab.size() * 2);
    for (Map.Entry<String, JsonNode> e : vocab.properties()) {
      idOf.put(e.getKey(), e.getValue().asLong());
    }
    for (JsonNode added : root.path("added_tokens")) {
      idOf.put(added.path("content").asText(), added.path("id").asLong());
    }
    String unk = model.path("unk_token").isTextual() ? model.get("unk_token").asText() : null;
    return new Vocabulary(idOf, kindOf(root), unk);
  }

  private static Tokenizer.Kind kindOf(JsonNode root) {
    JsonNode model = root.path("model");
    String type = model.path("type").asText("");
    boolean wordPiece =
        type.equals("WordPiece") || (type.isEmpty() && model.has("max_input_chars_per_word"));
    boolean bpe = type.equals("BPE") || (type.isEmpty() && model.has("merges"));
    if (wordPiece) {
      return Tokenizer.Kind.WORDPIECE;
    }
    if (bpe && root.path("pre_tokenizer").toString().contains("\"ByteLevel\"")) {
      return Tokenizer.Kind.BYTE_LEVEL_BPE;
    }
    throw new TokenizerException(
        "unsupported tokenizer.json model "
            + (type.isEmpty() ? "(untyped)" : type)
            + ": llmkit supports WordPiece and byte-level BPE");
  }

  Tokenizer.Kind kind() {
    return kind;
  }

  int size() {
    return tokenOf.length;
  }

  OptionalLong id(String token) {
    Long id = idOf.get(token);
    return id == null ? OptionalLong.empty() : OptionalLong.of(id);
  }

  /** The token spelled by {@code id}, or null for an id inside the range that has no token. */
  String token(long id) {
    return id >= 0 && id < tokenOf.length ? tokenOf[(int) id] : null;
  }

  /**
   * Special tokens by role: the names the configuration gives, else the conventional BERT, RoBERTa
   * and GPT-2 spellings that exist in this vocabulary.
   */
  SpecialTokens specialTokens(TokenizerSettings settings) {
    return new SpecialTokens(
        find(settings, Role.CLS, "[CLS]", "<s>"),
        find(settings, Role.SEP, "[SEP]", "</s>"),
        find(settings, Role.PAD, "[PAD]", "<pad>"),
        find(settings, Role.UNK, modelUnk, "[UNK]", "<unk>", "<|endoftext|>"),
        find(settings, Role.MASK, "[MASK]", "<mask>"),
        find(settings, Role.BOS, "<s>", "<|endoftext|>"),
        find(settings, Role.EOS, "</s>", "<|endoftext|>"));
  }

  private OptionalLong find(TokenizerSettings settings, Role role, String... conventional) {
    String configured = settings.specialTokenNames().get(role);
    if (configured != null) {
      return id(configured);
    }
    for (String name : conventional) {
      if (name != null && idOf.containsKey(name)) {
        return OptionalLong.of(idOf.get(name));
      }
    }
    return OptionalLong.empty();
  }
}
