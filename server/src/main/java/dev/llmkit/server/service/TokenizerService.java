package dev.llmkit.server.service;

import dev.llmkit.tokenization.Encoding;
import dev.llmkit.tokenization.Tokenizer;
import dev.llmkit.tokenization.TokenizerException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@link TokenizationService} over llmkit's {@link Tokenizer}. A token's {@code text} is its span
 * of the input, as TEI reports it; special tokens show their token string.
 */
public final class TokenizerService implements TokenizationService {

  private final Tokenizer tokenizer;
  private final ModelInfo model;

  /** Serves {@code tokenizer} as the model {@code model}; closing this closes the tokenizer. */
  public TokenizerService(Tokenizer tokenizer, ModelInfo model) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.model = Objects.requireNonNull(model, "model");
  }

  @Override
  public ModelInfo model() {
    return model;
  }

  @Override
  public List<TokenSpan> tokenize(String text, boolean addSpecialTokens) {
    Encoding e;
    try {
      e = tokenizer.encode(text, addSpecialTokens);
    } catch (TokenizerException ex) {
      throw new InvalidInputException("the text cannot be tokenized: " + ex.getMessage());
    }
    List<TokenSpan> spans = new ArrayList<>(e.length());
    for (int i = 0; i < e.length(); i++) {
      boolean special = e.specialTokensMask()[i];
      String surface =
          special || e.end()[i] <= e.start()[i]
              ? e.tokens()[i]
              : text.substring(e.start()[i], e.end()[i]);
      spans.add(
          new TokenSpan(
              e.ids()[i],
              surface,
              special,
              e.codePointStart()[i],
              e.codePointEnd()[i],
              e.start()[i],
              e.end()[i]));
    }
    return spans;
  }

  @Override
  public String decode(long[] ids, boolean skipSpecialTokens) {
    return tokenizer.decode(ids, skipSpecialTokens);
  }

  @Override
  public int vocabSize() {
    return tokenizer.vocabSize();
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
