package dev.llmkit.server.service;

import java.util.List;

/** Shows a model's attention weights for one short text ({@code POST /attention}). */
@FunctionalInterface
public interface AttentionService {

  /**
   * The attention of the model over {@code text}.
   *
   * @throws InvalidInputException when the text is empty
   * @throws InputTooLongException when it has more tokens than the view allows
   */
  Attention attention(String text);

  /**
   * One text's attention.
   *
   * @param tokens the tokens as the vocabulary spells them
   * @param attentions {@code [layer][head][query][key]}: softmax weights, each row summing to 1
   */
  record Attention(List<String> tokens, float[][][][] attentions) {}
}
