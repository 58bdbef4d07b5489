package dev.llmkit.inference.data;

import java.util.List;

/**
 * A CoNLL NER file as read: sentences with IOB2 tags and the label set found in the data.
 *
 * @param sentences sentences in file order ({@code -DOCSTART-} lines removed)
 * @param labels {@code O} first, then {@code B-T}, {@code I-T} for every entity type T in
 *     alphabetical order; the index of a label is its class id
 * @param sourceScheme the scheme the file was written in; {@link TagScheme#IOB1} input has been
 *     converted to IOB2
 * @param documents number of {@code -DOCSTART-} markers seen
 */
public record ConllDataset(
    List<ConllSentence> sentences, List<String> labels, TagScheme sourceScheme, int documents) {

  /** Copies the lists. */
  public ConllDataset {
    sentences = List.copyOf(sentences);
    labels = List.copyOf(labels);
  }

  /** Entity types in label order (for example {@code LOC, MISC, ORG, PER}). */
  public List<String> entityTypes() {
    return labels.stream().filter(l -> l.startsWith("B-")).map(l -> l.substring(2)).toList();
  }

  /** Total number of tokens over all sentences. */
  public long tokenCount() {
    return sentences.stream().mapToLong(ConllSentence::size).sum();
  }
}
