package dev.llmkit.inference.data;

import java.util.List;

/**
 * One SQuAD v1.1 question with its paragraph.
 *
 * @param id question id (unique within a file)
 * @param title article title
 * @param context the paragraph
 * @param question the question
 * @param answers gold answers (train files have one, dev files usually three)
 */
public record SquadExample(
    String id, String title, String context, String question, List<SquadAnswer> answers) {

  /** Copies the answer list. */
  public SquadExample {
    answers = List.copyOf(answers);
  }
}
