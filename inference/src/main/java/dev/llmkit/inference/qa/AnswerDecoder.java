package dev.llmkit.inference.qa;

import dev.llmkit.tokenization.Encoding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Turns answer-start and answer-end logits into answers, mirroring the post-processing of Hugging
 * Face's question-answering pipeline (transformers 4.53, <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/pipelines/question_answering.py">pipelines/question_answering.py</a>:
 * {@code select_starts_ends}, {@code decode_spans}, {@code get_indices}, {@code get_answer}).
 *
 * <p>Per window: question, special and padding tokens are masked (the classifier token stays, it
 * stands for "no answer"), start and end logits go through a softmax, and every span with {@code
 * start <= end < start + max_answer_len} is scored by the product of its probabilities. The {@code
 * top_k} best spans are mapped to the original context (widened to whole words with {@code
 * align_to_words}); a text already found (compared case-insensitively) adds its score to the
 * earlier answer. Across windows the answers are ranked by score and cut to {@code top_k}.
 *
 * <p>One deliberate difference: spans of probability exactly zero (masked tokens) are never
 * returned, where Hugging Face may fill {@code top_k} with such spans when a context has fewer
 * candidates than {@code top_k}.
 *
 * <p>Pure logic over encodings and float arrays, with no model: exact and cheap to test.
 */
public final class AnswerDecoder {

  /** The logit Hugging Face gives masked tokens. */
  private static final double MASKED = -10000.0;

  private final OptionalLong clsId;

  /**
   * @param clsId the tokenizer's classifier token id ({@code [CLS]}, {@code <s>}), if any: it is
   *     the only non-context token left unmasked, and its probability is the "no answer" score
   */
  public AnswerDecoder(OptionalLong clsId) {
    this.clsId = Objects.requireNonNull(clsId, "clsId");
  }

  /**
   * Decodes the windows of one (question, context) pair.
   *
   * @param context the original context the encodings' sequence-1 offsets refer to
   * @param windows one or more windows, in order
   * @return at most {@code top_k} answers, best first
   */
  public List<Answer> decode(String context, List<QaWindow> windows, QaOptions options) {
    if (windows.isEmpty()) {
      throw new IllegalArgumentException("no windows to decode");
    }
    double minNullScore = 1_000_000; // HF's "large and positive" start value
    List<Answer> answers = new ArrayList<>();
    for (QaWindow window : windows) {
      Encoding enc = window.encoding();
      boolean[] candidate = candidates(enc);
      double[] start = maskedSoftmax(window.startLogits(), candidate);
      double[] end = maskedSoftmax(window.endLogits(), candidate);
      if (options.handleImpossibleAnswer()) {
        minNullScore = Math.min(minNullScore, start[0] * end[0]);
      }
      // The classifier token is the null answer, never part of a span.
      start[0] = 0;
      end[0] = 0;
      for (Span span : topSpans(start, end, candidate, options)) {
        Answer found = toAnswer(context, enc, span, options.alignToWords());
        int same = indexOfText(answers, found.answer());
        if (same >= 0) {
          answers.set(same, answers.get(same).plusScore(found.score()));
        } else {
          answers.add(found);
        }
      }
    }
    Comparator<Answer> byRank = Comparator.comparingDouble(a -> a.score());
    if (options.handleImpossibleAnswer()) {
      Answer none = Answer.none(minNullScore);
      answers.add(none);
      double threshold = options.nullScoreDiffThreshold();
      byRank = Comparator.comparingDouble(a -> a == none ? a.score() - threshold : a.score());
    }
    // Stable, like Python's sorted(..., reverse=True): equal scores keep their order.
    answers.sort(byRank.reversed());
    return List.copyOf(answers.subList(0, Math.min(options.topK(), answers.size())));
  }

  /** A token span and its score. */
  record Span(int start, int end, double score) {}

  /**
   * Tokens that may start or end an answer: context tokens (sequence 1) and the classifier token,
   * never padding. HF's {@code p_mask} with CLS unmasked, AND the attention mask.
   */
  private boolean[] candidates(Encoding enc) {
    boolean[] ok = new boolean[enc.length()];
    for (int i = 0; i < ok.length; i++) {
      boolean cls = clsId.isPresent() && enc.ids()[i] == clsId.getAsLong();
      ok[i] = (enc.sequenceIds()[i] == 1 || cls) && enc.attentionMask()[i] != 0;
    }
    return ok;
  }

  static double[] maskedSoftmax(float[] logits, boolean[] keep) {
    double[] p = new double[logits.length];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.length; i++) {
      p[i] = keep[i] ? logits[i] : MASKED;
      max = Math.max(max, p[i]);
    }
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp(p[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /**
   * HF's {@code decode_spans}: the {@code top_k} best spans of the outer product {@code start[s] *
   * end[e]} with {@code s <= e <= s + max_answer_len - 1}, ties broken by position like numpy's
   * argmax, then kept only if both ends are candidates.
   */
  static List<Span> topSpans(double[] start, double[] end, boolean[] candidate, QaOptions o) {
    int t = start.length;
    List<Span> spans = new ArrayList<>();
    for (int s = 0; s < t; s++) {
      for (int e = s; e < Math.min(t, s + o.maxAnswerLen()); e++) {
        double score = start[s] * end[e];
        if (score > 0) {
          spans.add(new Span(s, e, score));
        }
      }
    }
    // Stable sort: equal scores stay in (start, end) order.
    spans.sort(Comparator.comparingDouble(Span::score).reversed());
    List<Span> top = spans.subList(0, Math.min(o.topK(), spans.size()));
    return top.stream().filter(sp -> candidate[sp.start()] && candidate[sp.end()]).toList();
  }

  /** HF's {@code get_indices}: token span to context offsets, widened to words if asked. */
  private static Answer toAnswer(String context, Encoding enc, Span span, boolean alignToWords) {
    int s = span.start();
    int e = span.end();
    int startToken = s;
    int endToken = e;
    if (alignToWords && enc.wordIds()[s] >= 0 && enc.wordIds()[e] >= 0) {
      startToken = firstTokenOfWord(enc, enc.wordIds()[s]);
      endToken = lastTokenOfWord(enc, enc.wordIds()[e]);
    }
    int utf16Start = enc.start()[startToken];
    int utf16End = enc.end()[endToken];
    return new Answer(
        span.score(),
        enc.codePointStart()[startToken],
        enc.codePointEnd()[endToken],
        utf16Start,
        utf16End,
        context.substring(utf16Start, utf16End));
  }

  /** First context token of a word (HF's {@code word_to_chars(word, sequence_index=1)}). */
  private static int firstTokenOfWord(Encoding enc, int word) {
    for (int i = 0; i < enc.length(); i++) {
      if (enc.sequenceIds()[i] == 1 && enc.wordIds()[i] == word) {
        return i;
      }
    }
    throw new IllegalStateException("word " + word + " has no context token");
  }

  private static int lastTokenOfWord(Encoding enc, int word) {
    for (int i = enc.length() - 1; i >= 0; i--) {
      if (enc.sequenceIds()[i] == 1 && enc.wordIds()[i] == word) {
        return i;
      }
    }
    throw new IllegalStateException("word " + word + " has no context token");
  }

  /** HF's {@code get_answer}: the first answer with the same text, ignoring case. */
  private static int indexOfText(List<Answer> answers, String text) {
    String target = text.toLowerCase(Locale.ROOT);
    for (int i = 0; i < answers.size(); i++) {
      if (answers.get(i).answer().toLowerCase(Locale.ROOT).equals(target)) {
        return i;
      }
    }
    return -1;
  }
}
