package dev.llmkit.inference.qa;

import dev.llmkit.tokenization.Encoding;
import java.util.Objects;

/**
 * One window of a (question, context) pair as the model saw it.
 *
 * @param encoding the pair encoding: question is sequence 0, context sequence 1, and context
 *     offsets index the original context
 * @param startLogits {@code (T)} answer-start logits
 * @param endLogits {@code (T)} answer-end logits
 */
public record QaWindow(Encoding encoding, float[] startLogits, float[] endLogits) {

  /** Checks that there is one start and one end logit per token. */
  public QaWindow {
    Objects.requireNonNull(encoding, "encoding");
    if (startLogits.length != encoding.length() || endLogits.length != encoding.length()) {
      throw new IllegalArgumentException(
          "start/end logits have "
              + startLogits.length
              + "/"
              + endLogits.length
              + " values but the encoding has "
              + encoding.length()
              + " tokens");
    }
  }
}
