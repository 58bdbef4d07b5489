package dev.llmkit.tokenization;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Hugging Face tokenizer (BERT WordPiece or GPT-2 byte-level BPE) running on DJL's binding of the
 * Rust {@code tokenizers} library, with offsets that index the caller's original Java string.
 *
 * <pre>{@code
 * try (Tokenizer tokenizer = Tokenizer.embedded("bert-base-uncased")) {
 *   Encoding e = tokenizer.encode("hello world"); // [CLS] hello world [SEP] = 101 7592 2088 102
 *   String second = "hello world".substring(e.start()[2], e.end()[2]); // "world"
 * }
 * }</pre>
 *
 * <p>Instances are thread-safe. Ids and tokens equal those of {@code transformers}' fast tokenizers
 * ({@code AutoTokenizer.from_pretrained(...)}) for the same {@code tokenizer.json}.
 */
public final class Tokenizer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tokenizer.class);

  /** The names {@link #embedded(String)} accepts. */
  public static final List<String> EMBEDDED_NAMES =
      List.of("bert-base-cased", "bert-base-uncased", "gpt2");

  private static final String EMBEDDED_ROOT = "/dev/llmkit/tokenization/embedded/";

  /** The tokenization algorithm. */
  public enum Kind {
    /** BERT's WordPiece: {@code ##} marks a piece that continues a word. */
    WORDPIECE,
    /** GPT-2's BPE over UTF-8 bytes: {@code Ġ} spells a leading space. */
    BYTE_LEVEL_BPE
  }

  private final String name;
  private final HuggingFaceTokenizer plain; // no truncation, no padding
  private final Windower windower;
  private final Vocabulary vocabulary;
  private final SpecialTokens specialTokens;
  private final int modelMaxLength;

  private Tokenizer(String name, TokenizerFiles.Loaded loaded) {
    this.name = name;
    this.vocabulary = Vocabulary.parse(loaded.tokenizerJson());
    this.specialTokens = vocabulary.specialTokens(loaded.settings());
    this.modelMaxLength = loaded.settings().modelMaxLength().orElse(Integer.MAX_VALUE);
    Map<String, String> options = new HashMap<>();
    options.put("truncation", "false");
    options.put("padding", "false");
    this.plain = Windower.newNative(loaded.tokenizerJson(), options);
    try {
      this.windower = new Windower(loaded.tokenizerJson(), plain);
    } catch (RuntimeException e) {
      plain.close(); // do not leak the native tokenizer
      throw e;
    }
    LOG.debug(
        "Loaded tokenizer {} from {} ({}, {} tokens)",
        name,
        loaded.origin(),
        vocabulary.kind(),
        vocabulary.size());
  }

  /**
   * Loads the tokenizer of a model directory: {@code tokenizer.json} when present; otherwise one
   * built from {@code vocab.txt} (BERT WordPiece; {@code tokenizer_config.json}'s {@code
   * do_lower_case} decides casing, default true) or from {@code vocab.json} + {@code merges.txt}
   * (GPT-2 byte-level BPE).
   *
   * @throws TokenizerException when the directory holds no usable tokenizer
   */
  public static Tokenizer fromDirectory(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new TokenizerException("not a directory: " + dir);
    }
    return new Tokenizer(
        dir.getFileName() == null ? dir.toString() : dir.getFileName().toString(),
        TokenizerFiles.load(TokenizerFiles.directory(dir)));
  }

  /**
   * The {@code tokenizer.json} text of a directory's tokenizer: the file itself, or the one built
   * from {@code vocab.txt} (WordPiece) or {@code vocab.json} + {@code merges.txt} (byte-level BPE)
   * with the settings of {@code tokenizer_config.json}, as transformers' fast-tokenizer conversion
   * writes it.
   *
   * @throws TokenizerException if the directory holds no tokenizer
   */
  public static String tokenizerJson(Path dir) {
    return TokenizerFiles.load(TokenizerFiles.directory(dir)).tokenizerJson();
  }

  /**
   * Loads a tokenizer shipped inside llmkit: {@code bert-base-cased}, {@code bert-base-uncased} or
   * {@code gpt2} (see {@link #EMBEDDED_NAMES}).
   *
   * @throws IllegalArgumentException for any other name
   */
  public static Tokenizer embedded(String name) {
    if (!EMBEDDED_NAMES.contains(name)) {
      throw new IllegalArgumentException(
          "no embedded tokenizer \"" + name + "\"; choose one of " + EMBEDDED_NAMES);
    }
    return new Tokenizer(name, TokenizerFiles.load(TokenizerFiles.classpath(EMBEDDED_ROOT + name)));
  }

  /** Encodes one text with special tokens ({@code [CLS] ... [SEP]} for BERT, none for GPT-2). */
  public Encoding encode(String text) {
    return encode(text, true);
  }

  /** Encodes one text, with or without the model's special tokens. No truncation. */
  public Encoding encode(String text, boolean addSpecialTokens) {
    TextIndex index = new TextIndex(requireText(text, "text"));
    return Encodings.convert(plain.encode(index.sanitized(), addSpecialTokens, false), index, null);
  }

  /**
   * Encodes a pair ({@code [CLS] first [SEP] second [SEP]} for BERT, type ids 0 then 1). Offsets of
   * second-sequence tokens index into {@code second}.
   */
  public Encoding encodePair(String first, String second) {
    TextIndex a = new TextIndex(requireText(first, "first"));
    TextIndex b = new TextIndex(requireText(second, "second"));
    return Encodings.convert(plain.encode(a.sanitized(), b.sanitized(), true, false), a, b);
  }

  /**
   * Splits a long text into windows of at most {@code maxLength} tokens (special tokens included),
   * consecutive windows sharing {@code stride} tokens: Hugging Face's {@code truncation=True,
   * max_length=maxLength, stride=stride, return_overflowing_tokens=True}. A text that fits gives
   * one window.
   *
   * @throws IllegalArgumentException when {@code maxLength} leaves no more than {@code stride}
   *     tokens of text per window
   */
  public List<Encoding> encodeWindows(String text, int maxLength, int stride) {
    return windower.windows(
        new TextIndex(requireText(text, "text")), null, maxLength, stride, true);
  }

  /**
   * Splits a (question, context) pair into windows of at most {@code maxLength} tokens that all
   * hold the whole question and consecutive slices of the context sharing {@code stride} tokens:
   * Hugging Face's {@code truncation="only_second", return_overflowing_tokens=True} as used for
   * extractive question answering.
   *
   * @throws IllegalArgumentException when the question and special tokens leave no more than {@code
   *     stride} tokens of context per window
   */
  public List<Encoding> encodePairWindows(
      String question, String context, int maxLength, int stride) {
    return windower.windows(
        new TextIndex(requireText(question, "question")),
        new TextIndex(requireText(context, "context")),
        maxLength,
        stride,
        true);
  }

  /** Encodes texts with special tokens, padded to the longest, not truncated. */
  public List<Encoding> encodeBatch(List<String> texts) {
    return encodeBatch(texts, BatchOptions.defaults());
  }

  /** Encodes texts, padding and truncating as {@code options} say. */
  public List<Encoding> encodeBatch(List<String> texts, BatchOptions options) {
    Objects.requireNonNull(texts, "texts");
    List<Encoding> encodings = new ArrayList<>(texts.size());
    for (String text : texts) {
      TextIndex index = new TextIndex(requireText(text, "text"));
      encodings.add(
          options.truncation()
              ? windower
                  .windows(index, null, options.maxLength(), 0, options.addSpecialTokens())
                  .get(0)
              : Encodings.convert(
                  plain.encode(index.sanitized(), options.addSpecialTokens(), false), index, null));
    }
    return pad(encodings, options);
  }

  /** Encodes pairs (as {@link #encodePair}); truncation cuts only the second text. */
  public List<Encoding> encodePairBatch(
      List<String> firsts, List<String> seconds, BatchOptions options) {
    if (firsts.size() != seconds.size()) {
      throw new IllegalArgumentException(
          firsts.size() + " first texts but " + seconds.size() + " second texts");
    }
    List<Encoding> encodings = new ArrayList<>(firsts.size());
    for (int i = 0; i < firsts.size(); i++) {
      TextIndex a = new TextIndex(requireText(firsts.get(i), "first"));
      TextIndex b = new TextIndex(requireText(seconds.get(i), "second"));
      encodings.add(
          options.truncation()
              ? windower.windows(a, b, options.maxLength(), 0, options.addSpecialTokens()).get(0)
              : Encodings.convert(
                  plain.encode(a.sanitized(), b.sanitized(), options.addSpecialTokens(), false),
                  a,
                  b));
    }
    return pad(encodings, options);
  }

  /**
   * Turns ids back into text ({@code ##} pieces joined, byte-level pieces decoded from UTF-8).
   *
   * @throws IllegalArgumentException for an id outside {@code [0, vocabSize())}
   */
  public String decode(long[] ids, boolean skipSpecialTokens) {
    for (long id : ids) {
      if (vocabulary.token(id) == null) {
        throw new IllegalArgumentException(
            "id " + id + " is not in the vocabulary (size " + vocabSize() + ")");
      }
    }
    return plain.decode(ids, skipSpecialTokens);
  }

  /** The id of a vocabulary entry or added token, spelled as the vocabulary spells it. */
  public OptionalLong tokenToId(String token) {
    return vocabulary.id(token);
  }

  /**
   * The vocabulary entry for {@code id}.
   *
   * @throws IllegalArgumentException for an id outside the vocabulary
   */
  public String idToToken(long id) {
    String token = vocabulary.token(id);
    if (token == null) {
      throw new IllegalArgumentException(
          "id " + id + " is not in the vocabulary (size " + vocabSize() + ")");
    }
    return token;
  }

  /** Number of ids (model vocabulary and added tokens): 1 + the largest id. */
  public int vocabSize() {
    return vocabulary.size();
  }

  /** Ids of the special tokens ({@code [CLS]}, {@code <|endoftext|>}, ...) by role. */
  public SpecialTokens specialTokens() {
    return specialTokens;
  }

  /** WordPiece or byte-level BPE. */
  public Kind kind() {
    return vocabulary.kind();
  }

  /**
   * The longest input the model accepts ({@code model_max_length}, else the model's position
   * count); {@link Integer#MAX_VALUE} when neither is known.
   */
  public int modelMaxLength() {
    return modelMaxLength;
  }

  /** The embedded name or the directory name this tokenizer was loaded from. */
  public String name() {
    return name;
  }

  /** Number of special tokens added to a single text (2 for BERT, 0 for GPT-2). */
  public int specialTokenCount(boolean pair) {
    return windower.specialTokenCount(pair);
  }

  @Override
  public void close() {
    windower.close();
    plain.close();
  }

  @Override
  public String toString() {
    return "Tokenizer[" + name + ", " + kind() + ", " + vocabSize() + " tokens]";
  }

  private List<Encoding> pad(List<Encoding> encodings, BatchOptions options) {
    if (options.padding() == BatchOptions.Padding.NONE || encodings.isEmpty()) {
      return encodings;
    }
    int length =
        options.padding() == BatchOptions.Padding.MAX_LENGTH
            ? options.maxLength()
            : encodings.stream().mapToInt(Encoding::length).max().orElse(0);
    int multiple = options.padToMultipleOf();
    if (multiple > 1 && length % multiple != 0) {
      length += multiple - length % multiple;
    }
    int target = length;
    if (encodings.stream().allMatch(e -> e.length() == target)) {
      return encodings;
    }
    long padId =
        options
            .padTokenId()
            .orElseGet(
                () ->
                    specialTokens
                        .pad()
                        .orElseThrow(
                            () ->
                                new IllegalArgumentException(
                                    name
                                        + " has no padding token: set BatchOptions.padTokenId"
                                        + " (e.g. the eos id) or use Padding.NONE")));
    String padToken = idToToken(padId);
    boolean left = options.paddingSide() == BatchOptions.PaddingSide.LEFT;
    List<Encoding> padded = new ArrayList<>(encodings.size());
    for (Encoding e : encodings) {
      padded.add(Encodings.pad(e, target, padId, padToken, left));
    }
    return padded;
  }

  private static String requireText(String text, String what) {
    if (text == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    return text;
  }
}
