package dev.llmkit.inference.ner;

import java.util.OptionalInt;

/**
 * One token-classification result, shaped like a Hugging Face pipeline entry.
 *
 * <p>With {@code aggregation_strategy="none"} an entry is one token: Hugging Face names its label
 * {@code entity} and reports its {@code index}. With any other strategy it is a group of tokens:
 * the label is Hugging Face's {@code entity_group} (the tag without its {@code B-}/{@code I-}
 * prefix) and there is no index.
 *
 * @param entity the label ({@code entity}) or the group's tag ({@code entity_group})
 * @param score the probability of the label (averaged over a group)
 * @param word the text as Hugging Face builds it: the tokenizer's decoding of the tokens
 * @param start start offset in Unicode code points, as Hugging Face (Python) reports it
 * @param end end offset (exclusive) in Unicode code points
 * @param utf16Start start offset in UTF-16 units: {@code text.substring(utf16Start, utf16End)}
 * @param utf16End end offset (exclusive) in UTF-16 units
 * @param index the token index in its window, present only without aggregation
 */
public record Entity(
    String entity,
    double score,
    String word,
    int start,
    int end,
    int utf16Start,
    int utf16End,
    OptionalInt index) {

  /**
   * Whether this is a group ({@code entity_group} in Hugging Face's output) rather than a token.
   */
  public boolean isGroup() {
    return index.isEmpty();
  }
}
