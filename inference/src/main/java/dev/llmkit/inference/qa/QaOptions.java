package dev.llmkit.inference.qa;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Options of the extractive question-answering pipeline, named after the parameters of Hugging
 * Face's question-answering pipeline (transformers 4.53).
 *
 * @param topK {@code top_k}: how many answers to return, default 1
 * @param docStride {@code doc_stride}: tokens shared by consecutive windows of a long context;
 *     absent means Hugging Face's default {@code min(max_seq_len / 2, 128)}
 * @param maxAnswerLen {@code max_answer_len}: the longest answer in tokens, default 15
 * @param maxSeqLen {@code max_seq_len}: window length in tokens, question and special tokens
 *     included; absent means Hugging Face's default {@code min(model max length, 384)}
 * @param maxQuestionLen {@code max_question_len}: questions longer than this many tokens are cut to
 *     it, default 64
 * @param handleImpossibleAnswer {@code handle_impossible_answer}: whether the empty answer (the
 *     classifier token) competes with the spans, default false
 * @param nullScoreDiffThreshold with {@code handleImpossibleAnswer}, the empty answer ranks as if
 *     its score were {@code null score - threshold}: it wins only when it beats the best span by
 *     more than this margin (as {@code null_score_diff_threshold} in Hugging Face's SQuAD v2
 *     evaluation). Default 0, which is exactly the pipeline's behaviour.
 * @param alignToWords {@code align_to_words}: widen answers to whole words, default true
 */
public record QaOptions(
    int topK,
    OptionalInt docStride,
    int maxAnswerLen,
    OptionalInt maxSeqLen,
    int maxQuestionLen,
    boolean handleImpossibleAnswer,
    double nullScoreDiffThreshold,
    boolean alignToWords) {

  /** Validates like Hugging Face's {@code _sanitize_parameters} and {@code preprocess}. */
  public QaOptions {
    Objects.requireNonNull(docStride, "docStride");
    Objects.requireNonNull(maxSeqLen, "maxSeqLen");
    if (topK < 1) {
      throw new IllegalArgumentException("top_k parameter should be >= 1 (got " + topK + ")");
    }
    if (maxAnswerLen < 1) {
      throw new IllegalArgumentException(
          "max_answer_len parameter should be >= 1 (got " + maxAnswerLen + ")");
    }
    if (maxQuestionLen < 1) {
      throw new IllegalArgumentException(
          "max_question_len parameter should be >= 1 (got " + maxQuestionLen + ")");
    }
    if (maxSeqLen.isPresent() && maxSeqLen.getAsInt() < 3) {
      throw new IllegalArgumentException(
          "max_seq_len parameter should be >= 3 (got " + maxSeqLen.getAsInt() + ")");
    }
    if (docStride.isPresent() && docStride.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "doc_stride parameter should be >= 0 (got " + docStride.getAsInt() + ")");
    }
    if (docStride.isPresent()
        && maxSeqLen.isPresent()
        && docStride.getAsInt() > maxSeqLen.getAsInt()) {
      throw new IllegalArgumentException(
          "`doc_stride` ("
              + docStride.getAsInt()
              + ") is larger than `max_seq_len` ("
              + maxSeqLen.getAsInt()
              + ")");
    }
    if (!Double.isFinite(nullScoreDiffThreshold)) {
      throw new IllegalArgumentException(
          "nullScoreDiffThreshold must be finite, got " + nullScoreDiffThreshold);
    }
  }

  /** Hugging Face's defaults. */
  public static QaOptions defaults() {
    return builder().build();
  }

  /** A builder starting from Hugging Face's defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .topK(topK)
            .maxAnswerLen(maxAnswerLen)
            .maxQuestionLen(maxQuestionLen)
            .handleImpossibleAnswer(handleImpossibleAnswer)
            .nullScoreDiffThreshold(nullScoreDiffThreshold)
            .alignToWords(alignToWords);
    docStride.ifPresent(b::docStride);
    maxSeqLen.ifPresent(b::maxSeqLen);
    return b;
  }

  /** The window length for a model whose inputs hold at most {@code modelMaxLength} tokens. */
  public int effectiveMaxSeqLen(int modelMaxLength) {
    return maxSeqLen.orElse(Math.min(modelMaxLength, 384));
  }

  /** The stride for windows of {@code effectiveMaxSeqLen} tokens. */
  public int effectiveDocStride(int effectiveMaxSeqLen) {
    int stride = docStride.orElse(Math.min(effectiveMaxSeqLen / 2, 128));
    if (stride > effectiveMaxSeqLen) {
      throw new IllegalArgumentException(
          "`doc_stride` ("
              + stride
              + ") is larger than `max_seq_len` ("
              + effectiveMaxSeqLen
              + ")");
    }
    return stride;
  }

  /** Builder for {@link QaOptions}. */
  public static final class Builder {
    private int topK = 1;
    private OptionalInt docStride = OptionalInt.empty();
    private int maxAnswerLen = 15;
    private OptionalInt maxSeqLen = OptionalInt.empty();
    private int maxQuestionLen = 64;
    private boolean handleImpossibleAnswer;
    private double nullScoreDiffThreshold;
    private boolean alignToWords = true;

    private Builder() {}

    /** Sets {@code top_k}. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** Sets {@code doc_stride}. */
    public Builder docStride(int docStride) {
      this.docStride = OptionalInt.of(docStride);
      return this;
    }

    /** Sets {@code max_answer_len}. */
    public Builder maxAnswerLen(int maxAnswerLen) {
      this.maxAnswerLen = maxAnswerLen;
      return this;
    }

    /** Sets {@code max_seq_len}. */
    public Builder maxSeqLen(int maxSeqLen) {
      this.maxSeqLen = OptionalInt.of(maxSeqLen);
      return this;
    }

    /** Sets {@code max_question_len}. */
    public Builder maxQuestionLen(int maxQuestionLen) {
      this.maxQuestionLen = maxQuestionLen;
      return this;
    }

    /** Sets {@code handle_impossible_answer}. */
    public Builder handleImpossibleAnswer(boolean handleImpossibleAnswer) {
      this.handleImpossibleAnswer = handleImpossibleAnswer;
      return this;
    }

    /** Sets the margin by which the empty answer must beat the best span. */
    public Builder nullScoreDiffThreshold(double nullScoreDiffThreshold) {
      this.nullScoreDiffThreshold = nullScoreDiffThreshold;
      return this;
    }

    /** Sets {@code align_to_words}. */
    public Builder alignToWords(boolean alignToWords) {
      this.alignToWords = alignToWords;
      return this;
    }

    /** Builds and validates the options. */
    public QaOptions build() {
      return new QaOptions(
          topK,
          docStride,
          maxAnswerLen,
          maxSeqLen,
          maxQuestionLen,
          handleImpossibleAnswer,
          nullScoreDiffThreshold,
          alignToWords);
    }
  }
}
