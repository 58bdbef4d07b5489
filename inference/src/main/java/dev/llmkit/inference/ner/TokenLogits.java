package dev.llmkit.inference.ner;

import dev.llmkit.tokenization.Encoding;
import java.util.Objects;

/**
 * One window of a text as the model saw it: its encoding and the token-classification logits.
 *
 * @param encoding the window's encoding; offsets index the original text
 * @param logits {@code (T, L)} logits, one row per token of the encoding
 */
public record TokenLogits(Encoding encoding, float[][] logits) {

  /** Checks that there is one row of logits per token. */
  public TokenLogits {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(logits, "logits");
    if (logits.length != encoding.length()) {
      throw new IllegalArgumentException(
          "logits have " + logits.length + " rows but the encoding has " + encoding.length());
    }
  }
}
