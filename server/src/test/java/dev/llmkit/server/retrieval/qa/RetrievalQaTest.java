package dev.llmkit.server.retrieval.qa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmkit.inference.qa.Answer;
import dev.llmkit.server.retrieval.HashingEmbeddingModel;
import dev.llmkit.server.retrieval.RetrievalMode;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetrievalQaTest {

  @TempDir Path dataDir;

  /** Answers with the first occurrence of a fixed word, with a fixed probability. */
  private static PassageReader wordReader(String word, double probability, AtomicInteger calls) {
    return (question, passages) -> {
      calls.incrementAndGet();
      List<Answer> out = new ArrayList<>();
      for (String p : passages) {
        int at = p.indexOf(word);
        if (at < 0) {
          out.add(Answer.none(0.1));
        } else {
          int cp = p.codePointCount(0, at);
          out.add(new Answer(probability, cp, cp + word.length(), at, at + word.length(), word));
        }
      }
      return out;
    };
  }

  @Test
  void answersCarryOffsetsIntoTheOriginalDocumentAndTheCombinedScore() {
    String filler = "Filler sentence 😀 about nothing in particular at all. ".repeat(8);
    String text = filler + "\n\nThe Danube flows through Vienna, the capital.";
    AtomicInteger calls = new AtomicInteger();
    try (Tokenizer tokenizer = Tokenizer.embedded("bert-base-uncased");
        RetrievalService rag =
            RetrievalService.builder()
                .dataDirectory(dataDir)
                .embeddingModel(new HashingEmbeddingModel())
                .tokenizer(tokenizer)
                .segmentTokens(30, 0)
                .reader(wordReader("Vienna", 0.8, calls))
                .readerWeight(0.7)
                .build()) {
      rag.ingest(IngestRequest.text("danube", text, null));
      RetrievalQuery q =
          new RetrievalQuery(
              "Which city does the Danube flow through?", 5, 0, RetrievalMode.HYBRID, null);
      List<SourcedAnswer> answers = rag.answer("Which city?", q, 3);

      assertThat(calls.get()).isEqualTo(1); // every passage read in one call
      assertThat(answers).hasSize(1); // passages without the word give the empty answer: dropped
      SourcedAnswer a = answers.get(0);
      assertThat(a.answer()).isEqualTo("Vienna");
      assertThat(a.documentId()).isEqualTo("danube");
      assertThat(text.substring(a.utf16Start(), a.utf16End())).isEqualTo("Vienna");
      int utf16 = text.indexOf("Vienna");
      assertThat(a.utf16Start()).isEqualTo(utf16);
      // 8 emoji before the answer: code point offsets are 8 less than UTF-16 ones
      assertThat(a.start()).isEqualTo(utf16 - 8);
      assertThat(a.end() - a.start()).isEqualTo(6);
      assertThat(text.substring(a.passageUtf16Start(), a.passageUtf16End())).isEqualTo(a.passage());
      assertThat(a.score()).isCloseTo(0.7 * 0.8 + 0.3 * a.retrievalScore(), within(1e-12));
    }
  }

  @Test
  void bm25ScoresAreSquashedIntoTheUnitInterval() {
    assertThat(RetrievalQa.unit(3.0, RetrievalMode.BM25)).isCloseTo(0.75, within(1e-12));
    assertThat(RetrievalQa.unit(0.5, RetrievalMode.BM25)).isCloseTo(1.0 / 3, within(1e-12));
    assertThat(RetrievalQa.unit(0.5, RetrievalMode.VECTOR)).isEqualTo(0.5);
  }
}
