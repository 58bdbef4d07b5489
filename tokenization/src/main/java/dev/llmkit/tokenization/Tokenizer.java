package dev.llmkit.tokenization;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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

  /** Distinct (max length, stride) settings kept alive; others get a one-off native tokenizer. */
  private static final int MAX_CACHED_WINDOWERS = 16;

  /** The tokenization algorithm. */
  public enum Kind {
    /** BERT's WordPiece: {@code ##} marks a piece that continues a word. */
    WORDPIECE,
    /** GPT-2's BPE over UTF-8 bytes: {@code Ġ} spells a leading space. */
    BYTE_LEVEL_BPE
  }

  private record WindowKey(int maxLength, int stride, boolean pair) {}

  private final String name;
  private final String tokenizerJson;
  private final HuggingFaceTokenizer plain; // no truncation, no padding
  private final Vocabulary vocabulary;
  private final SpecialTokens specialTokens;
  private final int modelMaxLength;
  private final int addedSingle;
  private final int addedPair;
  private final ConcurrentMap<WindowKey, HuggingFaceTokenizer> windowers =
      new ConcurrentHashMap<>();

  private Tokenizer(String name, TokenizerFiles.Loaded loaded) {
    this.name = name;
    this.tokenizerJson = loaded.tokenizerJson();
    this.vocabulary = Vocabulary.parse(tokenizerJson);
    this.specialTokens = vocabulary.specialTokens(loaded.settings());
    this.modelMaxLength = loaded.settings().modelMaxLength().orElse(Integer.MAX_VALUE);
    Map<String, String> options = new HashMap<>();
    options.put("truncation", "false");
    options.put("padding", "false");
    this.plain = nativeTokenizer(tokenizerJson, options);
    this.addedSingle = plain.encode("", true, false).getIds().length;
    this.addedPair = plain.encode("", "", true, false).getIds().length;
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
    return windows(new TextIndex(requireText(text, "text")), null, maxLength, stride, true);
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
    return windows(
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
              ? windows(index, null, options.maxLength(), 0, options.addSpecialTokens()).get(0)
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
              ? windows(a, b, options.maxLength(), 0, options.addSpecialTokens()).get(0)
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

  public SpecialTokens specialTokens() {
    return specialTokens;
  }

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
    return pair ? addedPair : addedSingle;
  }

  @Override
  public void close() {
    windowers.values().forEach(HuggingFaceTokenizer::close);
    windowers.clear();
    plain.close();
  }

  @Override
  public String toString() {
    return "Tokenizer[" + name + ", " + kind() + ", " + vocabSize() + " tokens]";
  }

  private List<Encoding> windows(
      TextIndex first, TextIndex second, int maxLength, int stride, boolean addSpecial) {
    if (maxLength <= 0 || stride < 0) {
      throw new IllegalArgumentException(
          "need maxLength > 0 and stride >= 0, got " + maxLength + " and " + stride);
    }
    boolean pair = second != null;
    ai.djl.huggingface.tokenizers.Encoding full =
        pair
            ? plain.encode(first.sanitized(), second.sanitized(), addSpecial, false)
            : plain.encode(first.sanitized(), addSpecial, false);
    if (full.getIds().length <= maxLength) {
      return List.of(Encodings.convert(full, first, second));
    }
    int budget = maxLength - (addSpecial ? specialTokenCount(pair) : 0);
    if (pair) {
      budget -= plain.encode(first.sanitized(), false, false).getIds().length;
    }
    if (budget <= stride) {
      throw new IllegalArgumentException(
          String.format(
              "max length %d leaves %d tokens of %s per window after special tokens%s;"
                  + " the stride (%d) must be smaller",
              maxLength, budget, pair ? "context" : "text", pair ? " and question" : "", stride));
    }
    WindowKey key = new WindowKey(maxLength, stride, pair);
    HuggingFaceTokenizer windower = windowers.get(key);
    boolean oneOff = false;
    if (windower == null) {
      if (windowers.size() < MAX_CACHED_WINDOWERS) {
        windower = windowers.computeIfAbsent(key, this::newWindower);
      } else {
        windower = newWindower(key);
        oneOff = true;
      }
    }
    try {
      ai.djl.huggingface.tokenizers.Encoding truncated =
          pair
              ? windower.encode(first.sanitized(), second.sanitized(), addSpecial, true)
              : windower.encode(first.sanitized(), addSpecial, true);
      return Encodings.withOverflow(truncated, first, second);
    } finally {
      if (oneOff) {
        windower.close();
      }
    }
  }

  private HuggingFaceTokenizer newWindower(WindowKey key) {
    Map<String, String> options = new HashMap<>();
    options.put("truncation", key.pair() ? "ONLY_SECOND" : "LONGEST_FIRST");
    options.put("padding", "false");
    options.put("maxLength", Integer.toString(key.maxLength()));
    options.put("modelMaxLength", Integer.toString(key.maxLength())); // DJL clamps to this
    options.put("stride", Integer.toString(key.stride()));
    options.put("withOverflowingTokens", "true");
    return nativeTokenizer(tokenizerJson, options);
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

  private static HuggingFaceTokenizer nativeTokenizer(String json, Map<String, String> options) {
    options.put("addSpecialTokens", "true");
    try {
      return HuggingFaceTokenizer.newInstance(
          new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), options);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new TokenizerException("the native tokenizer rejected tokenizer.json: " + e, e);
    }
  }
}
