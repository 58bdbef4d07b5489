package dev.llmkit.tokenization;

import java.util.OptionalLong;

/**
 * How {@link Tokenizer#encodeBatch(java.util.List, BatchOptions)} pads and truncates, with the
 * meaning Hugging Face gives {@code padding=}, {@code truncation=} and {@code max_length=}.
 *
 * <pre>{@code
 * BatchOptions options = BatchOptions.builder().maxLength(128).truncation(true).build();
 * }</pre>
 *
 * @param padding to the longest sequence of the batch, to {@code maxLength}, or not at all
 * @param maxLength the length limit for truncation and {@link Padding#MAX_LENGTH}; 0 when unset
 * @param truncation cut sequences (special tokens included) to {@code maxLength}; for pairs only
 *     the second text is cut
 * @param padToMultipleOf round the padded length up to a multiple of this (0 or 1: no rounding)
 * @param paddingSide where padding goes: right (encoders) or left (batched generation)
 * @param padTokenId the id to pad with; empty means the tokenizer's own pad token
 * @param addSpecialTokens add {@code [CLS]}/{@code [SEP]} and the like
 */
public record BatchOptions(
    Padding padding,
    int maxLength,
    boolean truncation,
    int padToMultipleOf,
    PaddingSide paddingSide,
    OptionalLong padTokenId,
    boolean addSpecialTokens) {

  /** Padding strategy. */
  public enum Padding {
    /** Pad to the longest sequence in the batch. */
    LONGEST,
    /** Pad every sequence to {@code maxLength}. */
    MAX_LENGTH,
    /** Leave lengths as they are. */
    NONE
  }

  /** Which end of the sequence receives padding. */
  public enum PaddingSide {
    RIGHT,
    LEFT
  }

  /** Checks that the options are consistent. */
  public BatchOptions {
    if (padding == null || paddingSide == null || padTokenId == null) {
      throw new IllegalArgumentException("padding, paddingSide and padTokenId must not be null");
    }
    if (maxLength < 0 || padToMultipleOf < 0) {
      throw new IllegalArgumentException("maxLength and padToMultipleOf must be >= 0");
    }
    if ((truncation || padding == Padding.MAX_LENGTH) && maxLength == 0) {
      throw new IllegalArgumentException("truncation and MAX_LENGTH padding need a maxLength > 0");
    }
  }

  /** Pad to the longest, no truncation, special tokens added, padding on the right. */
  public static BatchOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builder for {@link BatchOptions}; every setting has the default of {@link #defaults()}. */
  public static final class Builder {
    private Padding padding = Padding.LONGEST;
    private int maxLength;
    private boolean truncation;
    private int padToMultipleOf;
    private PaddingSide paddingSide = PaddingSide.RIGHT;
    private OptionalLong padTokenId = OptionalLong.empty();
    private boolean addSpecialTokens = true;

    private Builder() {}

    /** How to pad; default {@link Padding#LONGEST}. */
    public Builder padding(Padding padding) {
      this.padding = padding;
      return this;
    }

    /** Length limit for truncation and {@link Padding#MAX_LENGTH}. */
    public Builder maxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /** Cut sequences longer than {@code maxLength}; default false. */
    public Builder truncation(boolean truncation) {
      this.truncation = truncation;
      return this;
    }

    /** Round the padded length up to a multiple (8 suits tensor cores); default 0 (off). */
    public Builder padToMultipleOf(int padToMultipleOf) {
      this.padToMultipleOf = padToMultipleOf;
      return this;
    }

    /** Pad on the right (default) or the left. */
    public Builder paddingSide(PaddingSide paddingSide) {
      this.paddingSide = paddingSide;
      return this;
    }

    /** Pads with this id, e.g. GPT-2's {@code <|endoftext|>} (GPT-2 has no pad token). */
    public Builder padTokenId(long padTokenId) {
      this.padTokenId = OptionalLong.of(padTokenId);
      return this;
    }

    /** Add the model's special tokens; default true. */
    public Builder addSpecialTokens(boolean addSpecialTokens) {
      this.addSpecialTokens = addSpecialTokens;
      return this;
    }

    /** The options; throws {@link IllegalArgumentException} when inconsistent. */
    public BatchOptions build() {
      return new BatchOptions(
          padding,
          maxLength,
          truncation,
          padToMultipleOf,
          paddingSide,
          padTokenId,
          addSpecialTokens);
    }
  }
}
