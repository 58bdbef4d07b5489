package dev.llmkit.inference.generation;

import java.util.List;

/**
 * Decoding options with Hugging Face names and defaults (see {@code GenerationConfig} and the
 * text-generation pipeline). Build with {@link #builder()}; the canonical constructor validates.
 *
 * @param maxNewTokens {@code max_new_tokens}: at most this many new tokens (default 20)
 * @param doSample {@code do_sample}: sample instead of greedy argmax (default false)
 * @param temperature {@code temperature}: logits are divided by it when sampling (default 1.0)
 * @param topK {@code top_k}: keep the k most likely tokens when sampling; 0 disables (default 50)
 * @param topP {@code top_p}: keep the smallest set of tokens whose probability reaches it (default
 *     1.0, disabled)
 * @param repetitionPenalty {@code repetition_penalty}: divides positive and multiplies negative
 *     logits of tokens already in the sequence, prompt included (default 1.0, disabled)
 * @param seed {@code seed}: sampling seed; the same seed gives the same text; null = random
 * @param stop {@code stop}: strings that end generation when they appear in the decoded text
 * @param returnFullText {@code return_full_text}: prefix the prompt to {@code generated_text}
 *     (default true, as the pipeline)
 * @param numReturnSequences {@code num_return_sequences}: independent samples (default 1; more
 *     needs {@code do_sample})
 * @param eosTokenId {@code eos_token_id}: overrides the model's end-of-sequence id; null = model's
 * @param topNTokens TGI's {@code top_n_tokens}: report this many most likely tokens of the model's
 *     distribution at each step (default 0, none; at most {@value #MAX_TOP_N_TOKENS})
 */
public record GenerationOptions(
    int maxNewTokens,
    boolean doSample,
    double temperature,
    int topK,
    double topP,
    double repetitionPenalty,
    Long seed,
    List<String> stop,
    boolean returnFullText,
    int numReturnSequences,
    Long eosTokenId,
    int topNTokens) {

  /** Most alternatives {@code top_n_tokens} may ask for. */
  public static final int MAX_TOP_N_TOKENS = 20;

  /** Validates every option and copies {@code stop}. */
  public GenerationOptions {
    if (maxNewTokens < 1) {
      throw invalid("max_new_tokens must be at least 1, got " + maxNewTokens);
    }
    if (Double.isNaN(temperature) || Double.isInfinite(temperature)) {
      throw invalid("temperature must be a finite number, got " + temperature);
    }
    if (doSample && temperature <= 0) {
      throw invalid(
          "temperature must be strictly positive when do_sample is true, got "
              + temperature
              + " (use do_sample=false for greedy decoding)");
    }
    if (topK < 0) {
      throw invalid("top_k must be >= 0 (0 disables it), got " + topK);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw invalid("top_p must be in (0, 1], got " + topP);
    }
    if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
      throw invalid("repetition_penalty must be a finite number > 0, got " + repetitionPenalty);
    }
    if (numReturnSequences < 1) {
      throw invalid("num_return_sequences must be at least 1, got " + numReturnSequences);
    }
    if (numReturnSequences > 1 && !doSample) {
      throw invalid(
          "num_return_sequences > 1 needs do_sample=true: greedy decoding returns one sequence");
    }
    if (stop == null) {
      stop = List.of();
    }
    for (String s : stop) {
      if (s == null || s.isEmpty()) {
        throw invalid("stop sequences must be non-empty strings");
      }
    }
    stop = List.copyOf(stop);
    if (eosTokenId != null && eosTokenId < 0) {
      throw invalid("eos_token_id must be >= 0, got " + eosTokenId);
    }
    if (topNTokens < 0 || topNTokens > MAX_TOP_N_TOKENS) {
      throw invalid(
          "top_n_tokens must be between 0 and " + MAX_TOP_N_TOKENS + ", got " + topNTokens);
    }
  }

  /** Options with every Hugging Face default: greedy, 20 new tokens. */
  public static GenerationOptions defaults() {
    return builder().build();
  }

  /** A builder starting from the Hugging Face defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these options. */
  public Builder toBuilder() {
    return new Builder()
        .maxNewTokens(maxNewTokens)
        .doSample(doSample)
        .temperature(temperature)
        .topK(topK)
        .topP(topP)
        .repetitionPenalty(repetitionPenalty)
        .seed(seed)
        .stop(stop)
        .returnFullText(returnFullText)
        .numReturnSequences(numReturnSequences)
        .eosTokenId(eosTokenId)
        .topNTokens(topNTokens);
  }

  private static InvalidGenerationOptionsException invalid(String message) {
    return new InvalidGenerationOptionsException(message);
  }

  /** LangChain4j-style builder; {@link #build()} validates. */
  public static final class Builder {
    private int maxNewTokens = 20;
    private boolean doSample;
    private double temperature = 1.0;
    private int topK = 50;
    private double topP = 1.0;
    private double repetitionPenalty = 1.0;
    private Long seed;
    private List<String> stop = List.of();
    private boolean returnFullText = true;
    private int numReturnSequences = 1;
    private Long eosTokenId;
    private int topNTokens;

    private Builder() {}

    /** TGI's {@code top_n_tokens}: alternatives reported per step; 0 for none. */
    public Builder topNTokens(int topNTokens) {
      this.topNTokens = topNTokens;
      return this;
    }

    /** {@code max_new_tokens}. */
    public Builder maxNewTokens(int maxNewTokens) {
      this.maxNewTokens = maxNewTokens;
      return this;
    }

    /** {@code do_sample}. */
    public Builder doSample(boolean doSample) {
      this.doSample = doSample;
      return this;
    }

    /** {@code temperature}. */
    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    /** {@code top_k}; 0 disables. */
    public Builder topK(int topK) {
      this.topK = topK;
      return this;
    }

    /** {@code top_p}. */
    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    /** {@code repetition_penalty}. */
    public Builder repetitionPenalty(double repetitionPenalty) {
      this.repetitionPenalty = repetitionPenalty;
      return this;
    }

    /** {@code seed}; null = random. */
    public Builder seed(Long seed) {
      this.seed = seed;
      return this;
    }

    /** {@code stop} sequences. */
    public Builder stop(List<String> stop) {
      this.stop = stop;
      return this;
    }

    /** {@code stop} sequences. */
    public Builder stop(String... stop) {
      this.stop = List.of(stop);
      return this;
    }

    /** {@code return_full_text}. */
    public Builder returnFullText(boolean returnFullText) {
      this.returnFullText = returnFullText;
      return this;
    }

    /** {@code num_return_sequences}. */
    public Builder numReturnSequences(int numReturnSequences) {
      this.numReturnSequences = numReturnSequences;
      return this;
    }

    /** {@code eos_token_id}; null = the model's. */
    public Builder eosTokenId(Long eosTokenId) {
      this.eosTokenId = eosTokenId;
      return this;
    }

    /**
     * @throws InvalidGenerationOptionsException when an option is out of range
     */
    public GenerationOptions build() {
      return new GenerationOptions(
          maxNewTokens,
          doSample,
          temperature,
          topK,
          topP,
          repetitionPenalty,
          seed,
          stop,
          returnFullText,
          numReturnSequences,
          eosTokenId,
          topNTokens);
    }
  }
}
