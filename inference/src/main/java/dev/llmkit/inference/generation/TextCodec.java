package dev.llmkit.inference.generation;

/**
 * The two tokenizer calls generation needs, so decoding stays independent of any tokenizer class.
 * Adapt llmkit's tokenizer with {@link #of(dev.llmkit.tokenization.Tokenizer)}.
 */
public interface TextCodec {

  /** Token ids of {@code text}, without special tokens. */
  long[] encode(String text);

  /** Text of {@code ids}, special tokens skipped; incomplete UTF-8 may decode to U+FFFD. */
  String decode(long[] ids);

  /**
   * llmkit's tokenizer: prompts encoded without special tokens (GPT-2 adds none anyway), special
   * tokens skipped when decoding.
   */
  static TextCodec of(dev.llmkit.tokenization.Tokenizer tokenizer) {
    return of(text -> tokenizer.encode(text, false).ids(), ids -> tokenizer.decode(ids, true));
  }

  /** A codec from two functions. */
  static TextCodec of(
      java.util.function.Function<String, long[]> encoder,
      java.util.function.Function<long[], String> decoder) {
    return new TextCodec() {
      @Override
      public long[] encode(String text) {
        return encoder.apply(text);
      }

      @Override
      public String decode(long[] ids) {
        return decoder.apply(ids);
      }
    };
  }
}
