package dev.llmkit.inference.data;

import java.util.List;

/**
 * One sentence of a CoNLL column file: its tokens and their NER tags (IOB2 after reading).
 *
 * @param tokens the words, first column
 * @param tags one tag per token ({@code O}, {@code B-TYPE}, {@code I-TYPE})
 */
public record ConllSentence(List<String> tokens, List<String> tags) {

  /** Copies both lists and checks that they are aligned. */
  public ConllSentence {
    tokens = List.copyOf(tokens);
    tags = List.copyOf(tags);
    if (tokens.size() != tags.size()) {
      throw new IllegalArgumentException(
          "tokens and tags differ in length: " + tokens.size() + " vs " + tags.size());
    }
  }

  /** Number of tokens. */
  public int size() {
    return tokens.size();
  }
}
