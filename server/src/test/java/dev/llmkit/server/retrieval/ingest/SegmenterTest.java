package dev.llmkit.server.retrieval.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.server.retrieval.langchain.LlmkitTokenCountEstimator;
import dev.llmkit.tokenization.Tokenizer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmenterTest {

  private static Tokenizer tokenizer;

  @BeforeAll
  static void load() {
    tokenizer = Tokenizer.embedded("bert-base-uncased");
  }

  @AfterAll
  static void close() {
    tokenizer.close();
  }

  private static String document() {
    StringBuilder b = new StringBuilder();
    for (int p = 0; p < 12; p++) {
      // Irregular paragraph breaks (the splitter re-joins with its own "\n\n") and astral chars.
      b.append("Paragraph ").append(p).append(": the river 🌊 flows past the old mill,  and ");
      b.append("the miller counts sacks of grain 𝔸 every morning before dawn.");
      b.append(p % 3 == 0 ? "\n \n\n" : "\n\n");
    }
    return b.toString();
  }

  @Test
  void everySegmentIsTheOriginalSliceAtItsOffsets() {
    String original = document();
    List<SegmentSpan> spans =
        new Segmenter(40, 8, new LlmkitTokenCountEstimator(tokenizer)).split(original);

    assertThat(spans).hasSizeGreaterThan(3);
    for (SegmentSpan s : spans) {
      assertThat(original.substring(s.start(), s.end())).isEqualTo(s.text());
      assertThat(s.codePointStart()).isEqualTo(original.codePointCount(0, s.start()));
      assertThat(s.codePointEnd() - s.codePointStart())
          .isEqualTo(s.text().codePointCount(0, s.text().length()));
    }
  }

  @Test
  void segmentsRespectTheTokenBudgetAndCoverTheDocumentInOrder() {
    String original = document();
    LlmkitTokenCountEstimator estimator = new LlmkitTokenCountEstimator(tokenizer);
    List<SegmentSpan> spans = new Segmenter(40, 8, estimator).split(original);

    for (int i = 0; i < spans.size(); i++) {
      assertThat(estimator.estimateTokenCountInText(spans.get(i).text())).isLessThanOrEqualTo(40);
      assertThat(spans.get(i).index()).isEqualTo(i);
      if (i > 0) {
        assertThat(spans.get(i).start()).isGreaterThan(spans.get(i - 1).start());
      }
    }
    assertThat(spans.get(spans.size() - 1).text()).endsWith("before dawn.");
  }

  @Test
  void splitterTextWithOtherWhitespaceIsLocatedByItsWords() {
    String original = "alpha  beta\n\n\ngamma delta";
    int[] at = Segmenter.locate(original, "beta\n\ngamma", 0);
    assertThat(original.substring(at[0], at[1])).isEqualTo("beta\n\n\ngamma");
  }

  @Test
  void estimatorCountsTheModelsWordPieces() {
    LlmkitTokenCountEstimator estimator = new LlmkitTokenCountEstimator(tokenizer);
    // bert-base-uncased: "unaffable" -> un ##aff ##able (3 pieces), no [CLS]/[SEP]
    assertThat(estimator.estimateTokenCountInText("unaffable")).isEqualTo(3);
    assertThat(estimator.estimateTokenCountInText("")).isZero();
  }
}
