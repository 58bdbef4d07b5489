package dev.llmkit.inference.train.qa;

import dev.llmkit.inference.data.SquadAnswer;
import dev.llmkit.inference.data.SquadExample;
import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * One training window of a SQuAD question, as Hugging Face's {@code run_qa.py} ({@code
 * prepare_train_features}) builds it: question first, the context cut into windows of {@code
 * maxLength} tokens that overlap by {@code stride} tokens ({@code truncation="only_second"}), and
 * the first gold answer mapped to token positions through the offsets. A window that does not
 * contain the whole answer points both positions at the classifier token (index 0).
 *
 * @param ids token ids
 * @param typeIds token type ids
 * @param startPosition token index of the answer start, 0 when outside the window
 * @param endPosition token index of the answer end (inclusive), 0 when outside the window
 */
public record QaFeatures(long[] ids, long[] typeIds, int startPosition, int endPosition) {

  /** Number of tokens. */
  public int length() {
    return ids.length;
  }

  /** Whether the window holds the answer. */
  public boolean hasAnswer() {
    return startPosition > 0;
  }

  /** The windows of one question (its first answer is the target, as in {@code run_qa.py}). */
  public static List<QaFeatures> windows(
      Tokenizer tokenizer, SquadExample example, int maxLength, int stride) {
    // run_qa.py strips leading whitespace: some questions start with long runs of spaces.
    String question = example.question().stripLeading();
    List<Encoding> windows =
        tokenizer.encodePairWindows(question, example.context(), maxLength, stride);
    SquadAnswer answer = example.answers().isEmpty() ? null : example.answers().get(0);
    List<QaFeatures> out = new ArrayList<>(windows.size());
    for (Encoding e : windows) {
      int[] span = answer == null ? new int[] {0, 0} : span(e, answer.start(), answer.end());
      out.add(new QaFeatures(e.ids(), e.typeIds(), span[0], span[1]));
    }
    return out;
  }

  /** Token span of characters {@code [startChar, endChar)} of the context, or {0, 0}. */
  static int[] span(Encoding e, int startChar, int endChar) {
    int[] seq = e.sequenceIds();
    int first = 0;
    while (first < seq.length && seq[first] != 1) {
      first++;
    }
    int last = seq.length - 1;
    while (last >= 0 && seq[last] != 1) {
      last--;
    }
    if (first > last || e.start()[first] > startChar || e.end()[last] < endChar) {
      return new int[] {0, 0};
    }
    int s = first;
    while (s <= last && e.start()[s] <= startChar) {
      s++;
    }
    int t = last;
    while (t >= first && e.end()[t] >= endChar) {
      t--;
    }
    return new int[] {s - 1, t + 1};
  }
}
