package dev.llmkit.inference.qa;

/**
 * One answer of the question-answering pipeline, shaped like Hugging Face's {@code {score, start,
 * end, answer}}. The empty answer ("no answer in this context") has offsets 0/0 and text {@code
 * ""}.
 *
 * @param score probability of the span (summed over the windows and spans that gave this text)
 * @param start start offset in the context, in Unicode code points (as Hugging Face reports it)
 * @param end end offset (exclusive), in code points
 * @param utf16Start start offset in UTF-16 units: {@code context.substring(utf16Start, utf16End)}
 * @param utf16End end offset (exclusive), in UTF-16 units
 * @param answer the answer text, a slice of the original context
 */
public record Answer(
    double score, int start, int end, int utf16Start, int utf16End, String answer) {

  /** The empty answer with the given score. */
  public static Answer none(double score) {
    return new Answer(score, 0, 0, 0, 0, "");
  }

  /** Whether this is the empty answer. */
  public boolean isEmpty() {
    return answer.isEmpty() && start == 0 && end == 0;
  }

  Answer plusScore(double more) {
    return new Answer(score + more, start, end, utf16Start, utf16End, answer);
  }
}
