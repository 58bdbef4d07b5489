package dev.llmkit.inference.generation;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites one row of next-token scores in place, as Hugging Face's {@code LogitsProcessor} and
 * {@code LogitsWarper} do. Removed tokens get {@link Float#NEGATIVE_INFINITY}.
 *
 * @see <a
 *     href="https://github.com/huggingface/transformers/blob/main/src/transformers/generation/logits_process.py">logits_process.py</a>
 */
@FunctionalInterface
public interface LogitsProcessor {

  /**
   * @param scores the scores of every vocabulary token for one sequence, rewritten in place
   * @param inputIds the tokens of that sequence so far, prompt included
   */
  void process(float[] scores, long[] inputIds);

  /**
   * The processors of {@code options} in Hugging Face's order: repetition penalty, then (only when
   * sampling) temperature, top-k, top-p. Disabled ones (penalty 1, temperature 1, top-k 0, top-p 1)
   * are left out.
   */
  static List<LogitsProcessor> forOptions(GenerationOptions options) {
    List<LogitsProcessor> processors = new ArrayList<>();
    if (options.repetitionPenalty() != 1.0) {
      processors.add(new RepetitionPenalty((float) options.repetitionPenalty()));
    }
    if (options.doSample()) {
      if (options.temperature() != 1.0) {
        processors.add(new Temperature((float) options.temperature()));
      }
      if (options.topK() > 0) {
        processors.add(new TopK(options.topK()));
      }
      if (options.topP() < 1.0) {
        processors.add(new TopP(options.topP()));
      }
    }
    return List.copyOf(processors);
  }

  /**
   * HF {@code RepetitionPenaltyLogitsProcessor}: for every token already in the sequence, a
   * positive score is divided by the penalty and a negative one multiplied by it.
   *
   * @param penalty greater than 1 discourages repetition
   */
  record RepetitionPenalty(float penalty) implements LogitsProcessor {
    @Override
    public void process(float[] scores, long[] inputIds) {
      boolean[] seen = new boolean[scores.length];
      for (long id : inputIds) {
        int i = (int) id;
        if (i >= 0 && i < scores.length && !seen[i]) {
          seen[i] = true;
          scores[i] = scores[i] < 0 ? scores[i] * penalty : scores[i] / penalty;
        }
      }
    }
  }

  /**
   * HF {@code TemperatureLogitsWarper}: scores divided by the temperature.
   *
   * @param temperature strictly positive
   */
  record Temperature(float temperature) implements LogitsProcessor {
    @Override
    public void process(float[] scores, long[] inputIds) {
      for (int i = 0; i < scores.length; i++) {
        scores[i] /= temperature;
      }
    }
  }

  /**
   * HF {@code TopKLogitsWarper}: tokens scoring below the k-th highest score are removed (ties with
   * the k-th are kept).
   *
   * @param k at least 1
   */
  record TopK(int k) implements LogitsProcessor {
    @Override
    public void process(float[] scores, long[] inputIds) {
      int keep = Math.min(k, scores.length);
      float[] sorted = scores.clone();
      java.util.Arrays.sort(sorted);
      float threshold = sorted[sorted.length - keep];
      for (int i = 0; i < scores.length; i++) {
        if (scores[i] < threshold) {
          scores[i] = Float.NEGATIVE_INFINITY;
        }
      }
    }
  }

  /**
   * HF {@code TopPLogitsWarper}: scores sorted ascending; tokens whose cumulative probability is at
   * most {@code 1 - p} are removed; the most likely token always stays.
   *
   * @param p in (0, 1]
   */
  record TopP(double p) implements LogitsProcessor {
    @Override
    public void process(float[] scores, long[] inputIds) {
      Integer[] order = new Integer[scores.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[a], scores[b]));
      double[] probs = Sampling.softmax(scores);
      double cumulative = 0;
      for (int rank = 0; rank < order.length - 1; rank++) { // the last (most likely) always stays
        cumulative += probs[order[rank]];
        if (cumulative <= 1 - p) {
          scores[order[rank]] = Float.NEGATIVE_INFINITY;
        } else {
          break;
        }
      }
    }
  }
}
