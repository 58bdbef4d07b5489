package dev.llmkit.server.retrieval.qa;

import dev.llmkit.inference.qa.Answer;
import java.util.List;

/** An extractive reader: the best answer span in each passage, read in one batched call. */
@FunctionalInterface
public interface PassageReader {

  /**
   * The best answer of each passage, in order; offsets are relative to the passage. An empty answer
   * ({@link Answer#isEmpty()}) means none was found.
   */
  List<Answer> read(String question, List<String> passages);
}
