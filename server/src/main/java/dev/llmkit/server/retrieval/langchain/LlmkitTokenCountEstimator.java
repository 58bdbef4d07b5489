package dev.llmkit.server.retrieval.langchain;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.llmkit.tokenization.Tokenizer;
import java.util.Objects;

/**
 * llmkit's {@link Tokenizer} as a LangChain4j {@link TokenCountEstimator}: counts are exact for the
 * model the tokenizer belongs to (special tokens not counted), so {@code
 * DocumentSplitters.recursive(maxTokens, overlap, estimator)} cuts segments the model can read
 * whole.
 */
public final class LlmkitTokenCountEstimator implements TokenCountEstimator {

  private final Tokenizer tokenizer;

  /** Counts with {@code tokenizer} (not closed here). */
  public LlmkitTokenCountEstimator(Tokenizer tokenizer) {
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
  }

  @Override
  public int estimateTokenCountInText(String text) {
    return text.isEmpty() ? 0 : tokenizer.encode(text, false).length();
  }

  /** The tokens of the message's text (no chat template: these models have none). */
  @Override
  public int estimateTokenCountInMessage(ChatMessage message) {
    if (message instanceof UserMessage u) {
      return u.hasSingleText() ? estimateTokenCountInText(u.singleText()) : 0;
    }
    if (message instanceof AiMessage a) {
      return a.text() == null ? 0 : estimateTokenCountInText(a.text());
    }
    if (message instanceof SystemMessage s) {
      return estimateTokenCountInText(s.text());
    }
    return 0;
  }

  @Override
  public int estimateTokenCountInMessages(Iterable<ChatMessage> messages) {
    int total = 0;
    for (ChatMessage m : messages) {
      total += estimateTokenCountInMessage(m);
    }
    return total;
  }
}
