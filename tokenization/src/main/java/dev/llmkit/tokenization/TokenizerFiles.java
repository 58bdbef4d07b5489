package dev.llmkit.tokenization;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.tokenization.TokenizerSettings.Role;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds and reads the files a tokenizer is made from, in a directory or on the classpath, and turns
 * them into one {@code tokenizer.json} text: the file itself when present, otherwise one built from
 * {@code vocab.txt} (BERT WordPiece) or {@code vocab.json} + {@code merges.txt} (GPT-2 BPE).
 */
final class TokenizerFiles {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A place files are read from: a model directory or a classpath folder. */
  interface Source {
    /** The file's text (UTF-8), or empty when the source has no such file. */
    Optional<String> read(String fileName) throws IOException;

    /** Where the files come from, for messages. */
    String describe();
  }

  /** The result: the tokenizer definition and what the configuration files said. */
  record Loaded(String tokenizerJson, TokenizerSettings settings, String origin) {}

  private TokenizerFiles() {}

  static Source directory(Path dir) {
    return new Source() {
      @Override
      public Optional<String> read(String fileName) throws IOException {
        try {
          return Optional.of(Files.readString(dir.resolve(fileName), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
          return Optional.empty();
        }
      }

      @Override
      public String describe() {
        return dir.toString();
      }
    };
  }

  static Source classpath(String folder) {
    return new Source() {
      @Override
      public Optional<String> read(String fileName) throws IOException {
        try (InputStream in = TokenizerFiles.class.getResourceAsStream(folder + "/" + fileName)) {
          return in == null
              ? Optional.empty()
              : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }

      @Override
      public String describe() {
        return "classpath:" + folder;
      }
    };
  }

  static Loaded load(Source source) {
    try {
      TokenizerSettings settings =
          TokenizerSettings.parse(
              readJson(source, "tokenizer_config.json"),
              readJson(source, "special_tokens_map.json"),
              readJson(source, "config.json"));
      Optional<String> tokenizerJson = source.read("tokenizer.json");
      if (tokenizerJson.isPresent()) {
        return new Loaded(tokenizerJson.get(), settings, "tokenizer.json");
      }
      Optional<String> vocabTxt = source.read("vocab.txt");
      if (vocabTxt.isPresent()) {
        return new Loaded(wordPieceJson(vocabTxt.get(), settings), settings, "vocab.txt");
      }
      Optional<String> vocabJson = source.read("vocab.json");
      Optional<String> merges = source.read("merges.txt");
      if (vocabJson.isPresent() && merges.isPresent()) {
        return new Loaded(
            bpeJson(vocabJson.get(), merges.get(), settings), settings, "vocab.json+merges.txt");
      }
      throw new TokenizerException(
          "no tokenizer in "
              + source.describe()
              + ": expected tokenizer.json, vocab.txt, or vocab.json with merges.txt");
    } catch (IOException e) {
      throw new TokenizerException("cannot read tokenizer files in " + source.describe(), e);
    }
  }

  /** BERT: one token per line, the line number is the id; see {@code load_vocab}. */
  static String wordPieceJson(String vocabTxt, TokenizerSettings settings) {
    Map<String, Integer> vocab = new LinkedHashMap<>();
    String[] lines = vocabTxt.split("\n", -1);
    int count = vocabTxt.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      vocab.put(lines[i].stripTrailing(), i);
    }
    TokenizerJsonBuilder.WordPieceOptions options =
        new TokenizerJsonBuilder.WordPieceOptions(
            settings.doLowerCase().orElse(true), // BertTokenizer's default
            settings.stripAccents(),
            settings.tokenizeChineseChars(),
            settings.name(Role.UNK, "[UNK]"),
            settings.name(Role.CLS, "[CLS]"),
            settings.name(Role.SEP, "[SEP]"),
            settings.name(Role.PAD, "[PAD]"),
            settings.name(Role.MASK, "[MASK]"));
    return TokenizerJsonBuilder.wordPiece(vocab, options);
  }

  /** GPT-2: {@code vocab.json} maps token to id; {@code merges.txt} lists "a b" after a header. */
  static String bpeJson(String vocabJson, String mergesTxt, TokenizerSettings settings)
      throws IOException {
    Map<String, Integer> vocab =
        JSON.readValue(vocabJson, new TypeReference<LinkedHashMap<String, Integer>>() {});
    List<String> merges = new ArrayList<>();
    String[] lines = mergesTxt.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line =
          lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
      if (line.startsWith("#version") || (line.isEmpty() && i == lines.length - 1)) {
        continue;
      }
      String[] parts = line.split(" ", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new TokenizerException(
            "merges.txt line " + (i + 1) + " is not two space-separated tokens: \"" + line + "\"");
      }
      for (String part : parts) {
        if (!vocab.containsKey(part)) {
          throw new TokenizerException(
              "merges.txt line " + (i + 1) + " uses \"" + part + "\", missing from vocab.json");
        }
      }
      merges.add(line);
    }
    List<String> added = new ArrayList<>();
    for (Role role : List.of(Role.BOS, Role.EOS, Role.UNK, Role.PAD)) {
      String name = settings.name(role, "<|endoftext|>");
      if (vocab.containsKey(name) && !added.contains(name)) {
        added.add(name);
      }
    }
    return TokenizerJsonBuilder.byteLevelBpe(vocab, merges, added);
  }

  private static JsonNode readJson(Source source, String fileName) throws IOException {
    Optional<String> text = source.read(fileName);
    if (text.isEmpty()) {
      return null;
    }
    try {
      return JSON.readTree(text.get());
    } catch (IOException e) {
      throw new TokenizerException(fileName + " in " + source.describe() + " is not valid JSON", e);
    }
  }
}
