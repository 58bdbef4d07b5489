package dev.llmkit.server.tokenize;

import dev.llmkit.tokenization.Tokenizer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tokenizers shipped inside llmkit ({@link Tokenizer#EMBEDDED_NAMES}), each loaded once on
 * first use and shared; closing this closes them.
 */
public final class EmbeddedTokenizers implements AutoCloseable {

  /** The lesson's default: WordPiece cased and uncased, then byte-level BPE. */
  public static final List<String> COMPARISON =
      List.of("bert-base-cased", "bert-base-uncased", "gpt2");

  private final Map<String, Tokenizer> loaded = new ConcurrentHashMap<>();

  /** Whether {@code name} is an embedded tokenizer. */
  public boolean has(String name) {
    return Tokenizer.EMBEDDED_NAMES.contains(name);
  }

  /** The names that {@link #get} accepts. */
  public List<String> names() {
    return List.copyOf(Tokenizer.EMBEDDED_NAMES);
  }

  /**
   * The embedded tokenizer {@code name}.
   *
   * @throws IllegalArgumentException when {@code name} is not embedded
   */
  public Tokenizer get(String name) {
    return loaded.computeIfAbsent(name, Tokenizer::embedded);
  }

  @Override
  public void close() {
    loaded.values().forEach(Tokenizer::close);
    loaded.clear();
  }
}
