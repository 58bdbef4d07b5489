package dev.llmkit.inference.testing;

import dev.llmkit.tokenization.Tokenizer;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The tiny random checkpoints committed under {@code src/test/resources/reference/} and the tiny
 * WordPiece vocabulary that fits them. Random weights: only structural and invariant assertions are
 * meaningful on their outputs.
 */
public final class TinyModels {

  private TinyModels() {}

  /** A directory of the test resources. */
  public static Path resource(String name) {
    URL url = TinyModels.class.getResource("/" + name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A checkpoint directory, e.g. {@code tiny-bert-heads}. */
  public static Path checkpoint(String name) {
    return resource("reference/" + name);
  }

  /**
   * The 63-token RoBERTa-style byte-level BPE tokenizer (lower-case ASCII letters, "Ġ"+letter
   * merges, punctuation; model_max_length 64) that fits {@code tiny-roberta*}.
   */
  public static Tokenizer byteLevel() {
    return Tokenizer.fromDirectory(resource("pipelines/tiny-bytelevel"));
  }

  /** The tokenizer that fits a checkpoint: byte-level for RoBERTa, WordPiece otherwise. */
  public static Tokenizer tokenizerFor(String checkpoint) {
    return checkpoint.contains("roberta") ? byteLevel() : wordPiece();
  }

  /** The 100-token lower-cased WordPiece tokenizer (model_max_length 64). */
  public static Tokenizer wordPiece() {
    return Tokenizer.fromDirectory(resource("pipelines/tiny-wordpiece"));
  }
}
