package dev.llmkit.inference.data;

/**
 * A gold answer span of a SQuAD question.
 *
 * @param text the answer text as annotated
 * @param start UTF-16 offset of the answer in the context ({@code context.substring(start, start +
 *     text.length())}); converted from the file's {@code answer_start}, which counts Unicode code
 *     points as Python does
 */
public record SquadAnswer(String text, int start) {

  /** Exclusive UTF-16 end offset. */
  public int end() {
    return start + text.length();
  }
}
