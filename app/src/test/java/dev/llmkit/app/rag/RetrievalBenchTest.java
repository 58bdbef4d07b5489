package dev.llmkit.app.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalBenchTest {

  private static SourcedAnswer answer(String text, double reader, double retrieval) {
    return new SourcedAnswer(text, 0, reader, retrieval, "d", "d#0", 0, 1, 0, 1, text, 0, 1);
  }

  private static final List<SourcedAnswer> ANSWERS =
      List.of(answer("confident reader", 0.9, 0.2), answer("top passage", 0.5, 1.0));

  @Test
  void readerWeightOneRanksByTheReaderAlone() {
    assertThat(RetrievalBench.best(ANSWERS, 1.0)).isEqualTo("confident reader");
  }

  @Test
  void readerWeightZeroRanksByRetrievalAlone() {
    assertThat(RetrievalBench.best(ANSWERS, 0.0)).isEqualTo("top passage");
  }

  @Test
  void inBetweenTheWeightedSumDecides() {
    // w = 0.7: 0.63 + 0.06 = 0.69 vs 0.35 + 0.30 = 0.65; w = 0.5: 0.55 vs 0.75.
    assertThat(RetrievalBench.best(ANSWERS, 0.7)).isEqualTo("confident reader");
    assertThat(RetrievalBench.best(ANSWERS, 0.5)).isEqualTo("top passage");
  }

  @Test
  void noAnswersIsTheEmptyPrediction() {
    assertThat(RetrievalBench.best(List.of(), 0.5)).isEmpty();
  }
}
