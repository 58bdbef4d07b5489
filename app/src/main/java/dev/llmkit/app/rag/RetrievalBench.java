package dev.llmkit.app.rag;

import dev.llmkit.server.retrieval.RetrievalMode;
import dev.llmkit.server.retrieval.RetrievalQuery;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.RetrievedSegment;
import dev.llmkit.server.retrieval.ingest.IngestRequest;
import dev.llmkit.server.retrieval.qa.RetrievalQa;
import dev.llmkit.server.retrieval.qa.SourcedAnswer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The SQuAD retrieval benchmark: every paragraph is its own document; each question is a query
 * whose gold document is its paragraph. Recall@k and MRR@10 count documents (a paragraph split into
 * several segments is found when any of its segments is), from the top 20 segments.
 */
final class RetrievalBench {

  /** Retrieval quality of one mode. */
  record ModeResult(
      String mode,
      int questions,
      double recallAt1,
      double recallAt5,
      double mrrAt10,
      double msPerQuery) {}

  /**
   * End-to-end open-book QA quality at the service's reader weight, and the same answers re-ranked
   * with other reader weights (the passages are read once).
   */
  record QaResult(
      String reader,
      int questions,
      double exactMatch,
      double f1,
      double msPerQuestion,
      List<WeightResult> byReaderWeight) {}

  /** EM/F1 when answers are ranked by {@code w * reader + (1 - w) * retrieval}. */
  record WeightResult(double readerWeight, double exactMatch, double f1) {}

  /** Reader weights the benchmark also reports. */
  static final double[] READER_WEIGHTS = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};

  /** The whole report. */
  record Report(
      String squadFile,
      int documents,
      int distractorDocuments,
      int segments,
      double ingestSeconds,
      double questionEmbeddingSeconds,
      List<ModeResult> retrieval,
      QaResult qa) {}

  /** A question and the document holding its answer. */
  record Item(String question, String goldDocument, List<String> answers) {}

  private static final int SEGMENTS = 20;

  private RetrievalBench() {}

  /** Ingests the paragraphs (dev, then distractors) and returns the dev questions. */
  static List<Item> ingest(
      RetrievalService rag, SquadFile dev, SquadFile distractors, int distractorArticles) {
    List<Item> items = new ArrayList<>();
    List<SquadFile.Article> articles = dev.articles();
    for (int a = 0; a < articles.size(); a++) {
      List<SquadFile.Paragraph> ps = articles.get(a).paragraphs();
      for (int p = 0; p < ps.size(); p++) {
        String id = "dev-" + a + "-" + p;
        rag.ingest(IngestRequest.text(id, ps.get(p).context(), null));
        for (SquadFile.Question q : ps.get(p).questions()) {
          items.add(new Item(q.question(), id, q.answers()));
        }
      }
    }
    if (distractors != null) {
      List<SquadFile.Article> extra = distractors.articles();
      for (int a = 0; a < Math.min(distractorArticles, extra.size()); a++) {
        List<SquadFile.Paragraph> ps = extra.get(a).paragraphs();
        for (int p = 0; p < ps.size(); p++) {
          rag.ingest(IngestRequest.text("train-" + a + "-" + p, ps.get(p).context(), null));
        }
      }
    }
    return items;
  }

  static ModeResult evaluate(RetrievalService rag, List<Item> items, RetrievalMode mode) {
    double hit1 = 0;
    double hit5 = 0;
    double rr = 0;
    long t0 = System.nanoTime();
    for (Item item : items) {
      List<String> docs =
          documents(rag.search(new RetrievalQuery(item.question(), SEGMENTS, 0, mode, null)));
      int rank = docs.indexOf(item.goldDocument()) + 1; // 0 when missing
      if (rank == 1) {
        hit1++;
      }
      if (rank >= 1 && rank <= 5) {
        hit5++;
      }
      if (rank >= 1 && rank <= 10) {
        rr += 1.0 / rank;
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6 / items.size();
    int n = items.size();
    return new ModeResult(mode.name().toLowerCase(), n, hit1 / n, hit5 / n, rr / n, ms);
  }

  static QaResult answer(RetrievalService rag, List<Item> items, String reader, int passages) {
    double em = 0;
    double f1 = 0;
    double[] weightEm = new double[READER_WEIGHTS.length];
    double[] weightF1 = new double[READER_WEIGHTS.length];
    long t0 = System.nanoTime();
    for (Item item : items) {
      List<SourcedAnswer> answers =
          rag.answer(item.question(), RetrievalQuery.of(item.question(), passages), passages);
      String prediction = answers.isEmpty() ? "" : answers.get(0).answer();
      em += SquadMetrics.exactMatch(prediction, item.answers());
      f1 += SquadMetrics.f1(prediction, item.answers());
      for (int w = 0; w < READER_WEIGHTS.length; w++) {
        String best = best(answers, READER_WEIGHTS[w]);
        weightEm[w] += SquadMetrics.exactMatch(best, item.answers());
        weightF1[w] += SquadMetrics.f1(best, item.answers());
      }
    }
    double ms = (System.nanoTime() - t0) / 1e6 / items.size();
    int n = items.size();
    List<WeightResult> byWeight = new ArrayList<>();
    for (int w = 0; w < READER_WEIGHTS.length; w++) {
      byWeight.add(new WeightResult(READER_WEIGHTS[w], weightEm[w] / n, weightF1[w] / n));
    }
    return new QaResult(reader, n, em / n, f1 / n, ms, byWeight);
  }

  /** The answer ranked first by {@code w * reader + (1 - w) * retrieval} (hybrid scores). */
  static String best(List<SourcedAnswer> answers, double w) {
    String best = "";
    double top = Double.NEGATIVE_INFINITY;
    for (SourcedAnswer a : answers) {
      double score =
          RetrievalQa.score(a.readerScore(), a.retrievalScore(), RetrievalMode.HYBRID, w);
      if (score > top) {
        top = score;
        best = a.answer();
      }
    }
    return best;
  }

  private static List<String> documents(List<RetrievedSegment> segments) {
    Set<String> ids = new LinkedHashSet<>();
    for (RetrievedSegment s : segments) {
      ids.add(s.documentId());
    }
    return List.copyOf(ids);
  }
}
