package dev.llmkit.inference.eval;

/**
 * Language-model scores of a text.
 *
 * @param perplexity {@code exp(nll / scoredTokens)}: perplexity per BPE token
 * @param bitsPerByte {@code nll / (ln 2 · bytes)}
 * @param nll total negative log-likelihood of the scored tokens, in nats
 * @param scoredTokens number of tokens scored (every token but the first, which has no context)
 * @param bytes UTF-8 bytes of the text the tokens encode
 * @param windows number of model calls
 * @param context window length in tokens
 * @param stride tokens the window advances by
 */
public record LmScores(
    double perplexity,
    double bitsPerByte,
    double nll,
    long scoredTokens,
    long bytes,
    int windows,
    int context,
    int stride) {

  /** Renders the scores as JSON. */
  public String toJson() {
    return EvalJson.toJson(this);
  }
}
