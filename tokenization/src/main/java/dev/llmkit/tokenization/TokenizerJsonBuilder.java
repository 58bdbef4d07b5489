package dev.llmkit.tokenization;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes a Hugging Face {@code tokenizer.json} for the two classic vocabulary-file layouts, in the
 * exact compact layout of the published files (a BERT {@code tokenizer.json} built here from {@code
 * vocab.txt} is byte-identical to the one on the Hub).
 *
 * <p>Mirrors {@code BertConverter} and {@code GPT2Converter} in <a
 * href="https://github.com/huggingface/transformers/blob/main/src/transformers/convert_slow_tokenizer.py">convert_slow_tokenizer.py</a>.
 */
final class TokenizerJsonBuilder {

  /**
   * BERT WordPiece options, as {@code tokenizer_config.json} and {@code BertTokenizer} name them.
   */
  record WordPieceOptions(
      boolean lowercase,
      Boolean stripAccents,
      boolean handleChineseChars,
      String unk,
      String cls,
      String sep,
      String pad,
      String mask) {}

  private TokenizerJsonBuilder() {}

  /**
   * A BERT WordPiece tokenizer: {@code BertNormalizer}, {@code BertPreTokenizer}, a {@code
   * WordPiece} model ({@code ##} prefix, words over 100 characters become {@code [UNK]}), {@code
   * [CLS] A [SEP] (B [SEP])} template post-processing and a {@code WordPiece} decoder.
   *
   * @param vocab token to id; written in id order
   */
  static String wordPiece(Map<String, Integer> vocab, WordPieceOptions options) {
    for (String required : List.of(options.unk(), options.cls(), options.sep())) {
      if (!vocab.containsKey(required)) {
        throw new TokenizerException("vocab.txt has no " + required + " token");
      }
    }
    CompactJson json = new CompactJson(vocab.size() * 16);
    json.beginObject();
    header(json);
    json.name("added_tokens").beginArray();
    List<String> specials = new ArrayList<>();
    for (String token :
        List.of(options.pad(), options.unk(), options.cls(), options.sep(), options.mask())) {
      if (token != null && vocab.containsKey(token) && !specials.contains(token)) {
        specials.add(token);
      }
    }
    specials.sort(Comparator.comparing(vocab::get));
    for (String token : specials) {
      addedToken(json, vocab.get(token), token, false);
    }
    json.endArray();

    json.name("normalizer").beginObject();
    json.name("type").value("BertNormalizer");
    json.name("clean_text").value(true);
    json.name("handle_chinese_chars").value(options.handleChineseChars());
    json.name("strip_accents");
    if (options.stripAccents() == null) {
      json.nullValue();
    } else {
      json.value(options.stripAccents());
    }
    json.name("lowercase").value(options.lowercase());
    json.endObject();

    json.name("pre_tokenizer").beginObject().name("type").value("BertPreTokenizer").endObject();

    String cls = options.cls();
    String sep = options.sep();
    json.name("post_processor").beginObject();
    json.name("type").value("TemplateProcessing");
    json.name("single").beginArray();
    templatePiece(json, "SpecialToken", cls, 0);
    templatePiece(json, "Sequence", "A", 0);
    templatePiece(json, "SpecialToken", sep, 0);
    json.endArray();
    json.name("pair").beginArray();
    templatePiece(json, "SpecialToken", cls, 0);
    templatePiece(json, "Sequence", "A", 0);
    templatePiece(json, "SpecialToken", sep, 0);
    templatePiece(json, "Sequence", "B", 1);
    templatePiece(json, "SpecialToken", sep, 1);
    json.endArray();
    json.name("special_tokens").beginObject();
    for (String token : cls.compareTo(sep) <= 0 ? List.of(cls, sep) : List.of(sep, cls)) {
      json.name(token).beginObject();
      json.name("id").value(token);
      json.name("ids").beginArray().value(vocab.get(token)).endArray();
      json.name("tokens").beginArray().value(token).endArray();
      json.endObject();
    }
    json.endObject();
    json.endObject();

    json.name("decoder").beginObject();
    json.name("type").value("WordPiece").name("prefix").value("##").name("cleanup").value(true);
    json.endObject();

    json.name("model").beginObject();
    json.name("unk_token").value(options.unk());
    json.name("continuing_subword_prefix").value("##");
    json.name("max_input_chars_per_word").value(100);
    vocab(json, vocab);
    json.endObject();
    return json.endObject().toString();
  }

  /**
   * A GPT-2 byte-level BPE tokenizer: no normalizer, {@code ByteLevel} pre-tokenizer (no prefix
   * space, GPT-2's split regex: {@code use_regex} is left at its default, true, as the published
   * file does), a {@code BPE} model, and {@code ByteLevel} post-processor and decoder. No special
   * tokens are inserted around the text.
   *
   * @param vocab token to id ({@code vocab.json}); written in id order
   * @param merges merge rules, {@code "a b"}, in priority order ({@code merges.txt})
   * @param addedTokens tokens matched whole before BPE (for GPT-2, {@code <|endoftext|>})
   */
  static String byteLevelBpe(
      Map<String, Integer> vocab, List<String> merges, List<String> addedTokens) {
    CompactJson json = new CompactJson(vocab.size() * 24 + merges.size() * 12);
    json.beginObject();
    header(json);
    json.name("added_tokens").beginArray();
    List<String> added = new ArrayList<>(addedTokens);
    added.sort(Comparator.comparing(vocab::get));
    for (String token : added) {
      addedToken(json, vocab.get(token), token, true);
    }
    json.endArray();
    json.name("normalizer").nullValue();
    json.name("pre_tokenizer");
    byteLevel(json, false, true);
    json.name("post_processor");
    byteLevel(json, true, false);
    json.name("decoder");
    byteLevel(json, true, true);
    json.name("model").beginObject();
    json.name("dropout").nullValue();
    json.name("unk_token").nullValue();
    json.name("continuing_subword_prefix").value("");
    json.name("end_of_word_suffix").value("");
    json.name("fuse_unk").value(false);
    vocab(json, vocab);
    json.name("merges").beginArray();
    for (String merge : merges) {
      json.value(merge);
    }
    json.endArray();
    json.endObject();
    return json.endObject().toString();
  }

  private static void header(CompactJson json) {
    json.name("version").value("1.0");
    json.name("truncation").nullValue();
    json.name("padding").nullValue();
  }

  private static void addedToken(CompactJson json, int id, String content, boolean normalized) {
    json.beginObject();
    json.name("id").value(id);
    json.name("special").value(true);
    json.name("content").value(content);
    json.name("single_word").value(false);
    json.name("lstrip").value(false);
    json.name("rstrip").value(false);
    json.name("normalized").value(normalized);
    json.endObject();
  }

  private static void templatePiece(CompactJson json, String kind, String id, int typeId) {
    json.beginObject().name(kind).beginObject();
    json.name("id").value(id).name("type_id").value(typeId);
    json.endObject().endObject();
  }

  private static void byteLevel(CompactJson json, boolean addPrefixSpace, boolean trimOffsets) {
    json.beginObject();
    json.name("type").value("ByteLevel");
    json.name("add_prefix_space").value(addPrefixSpace);
    json.name("trim_offsets").value(trimOffsets);
    json.endObject();
  }

  private static void vocab(CompactJson json, Map<String, Integer> vocab) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(vocab.entrySet());
    entries.sort(Map.Entry.comparingByValue());
    json.name("vocab").beginObject();
    for (Map.Entry<String, Integer> e : entries) {
      json.name(e.getKey()).value(e.getValue());
    }
    json.endObject();
  }
}
