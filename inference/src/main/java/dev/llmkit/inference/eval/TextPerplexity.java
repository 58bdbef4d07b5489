package dev.llmkit.inference.eval;

import dev.llmkit.inference.data.CorpusTokens;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Perplexity and bits per byte of a GPT-2 model on documents.
 *
 * <p>The token stream is {@code <|endoftext|> doc1 <|endoftext|> doc2 ...}: the leading separator
 * gives the first real token a context, so every token of the text (and every separator between
 * documents) is scored. Bytes are those of the documents joined by one newline, so each separator
 * counts as one byte. Documents are added whole until {@code maxTokens} would be exceeded (the
 * first one always).
 */
public final class TextPerplexity {

  private TextPerplexity() {}

  /**
   * Scores documents.
   *
   * @param context window length (at most the model's context)
   * @param stride tokens each window advances
   * @param maxTokens cap on scored tokens, 0 for none
   */
  public static LmScores evaluate(
      Gpt2Model model,
      Tokenizer tokenizer,
      List<String> documents,
      int context,
      int stride,
      int maxTokens) {
    if (documents.isEmpty()) {
      throw new IllegalArgumentException("no text to score");
    }
    long eos =
        model.eosTokenId().orElseThrow(() -> new IllegalArgumentException("model has no eos id"));
    long[] stream = new long[] {eos};
    long bytes = -1; // n documents need n - 1 separators
    for (String doc : documents) {
      long[] ids = CorpusTokens.encode(tokenizer, List.of(doc), eos); // doc + eos
      int withoutSeparator = ids.length - 1;
      if (maxTokens > 0 && bytes >= 0 && stream.length + withoutSeparator > maxTokens) {
        break;
      }
      if (bytes >= 0) {
        stream = Arrays.copyOf(stream, stream.length + 1);
        stream[stream.length - 1] = eos;
      }
      long[] joined = Arrays.copyOf(stream, stream.length + withoutSeparator);
      System.arraycopy(ids, 0, joined, stream.length, withoutSeparator);
      stream = joined;
      bytes += doc.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    int window = Math.min(context, model.contextLength());
    return PerplexityEvaluator.evaluate(
        stream, Math.max(1, bytes), window, Math.min(stride, window), new Gpt2WindowScorer(model));
  }
}
