package dev.llmkit.server.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.llmkit.server.retrieval.store.SegmentStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Vector, BM25 and hybrid retrieval over a {@link SegmentStore}.
 *
 * <p>Scores, on which {@code minScore} applies:
 *
 * <ul>
 *   <li>vector: LangChain4j relevance {@code (1 + cos) / 2} in [0, 1];
 *   <li>BM25: Lucene's raw BM25 score (unbounded, query dependent);
 *   <li>hybrid: the reciprocal-rank-fusion score ({@code k = 60}) of the top {@code candidates} of
 *       each side, divided by its maximum {@code 2 / 61}, so 1.0 means first in both lists. A store
 *       that fuses on its own side ({@link SegmentStore#hybridSearch}, pgvector: vector plus
 *       PostgreSQL full-text search) is asked instead, and its scores are normalised the same way.
 * </ul>
 */
public final class Retriever {

  private final SegmentStore store;
  private final EmbeddingModel embeddings;
  private final int candidates;
  private final int k;

  /**
   * A retriever.
   *
   * @param candidates how many results each side contributes to hybrid fusion (at least the
   *     requested {@code maxResults})
   */
  public Retriever(SegmentStore store, EmbeddingModel embeddings, int candidates) {
    this.store = Objects.requireNonNull(store, "store");
    this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
    this.candidates = candidates;
    this.k = ReciprocalRankFusion.DEFAULT_K;
  }

  /** The best segments for the query, best first. */
  public List<RetrievedSegment> retrieve(RetrievalQuery q) {
    return switch (q.mode()) {
      case VECTOR -> vector(q, embed(q), q.maxResults(), q.minScore());
      case BM25 -> bm25(q, q.maxResults(), q.minScore());
      case HYBRID -> hybrid(q);
    };
  }

  private List<RetrievedSegment> hybrid(RetrievalQuery q) {
    double max = ReciprocalRankFusion.maxScore(2, k);
    Embedding queryEmbedding = embed(q);
    Optional<List<EmbeddingMatch<TextSegment>>> fusedByStore =
        store.hybridSearch(
            EmbeddingSearchRequest.builder()
                .query(q.text())
                .queryEmbedding(queryEmbedding)
                .maxResults(q.maxResults())
                .minScore(Math.min(1, Math.max(0, q.minScore())) * max)
                .filter(q.filter())
                .build());
    if (fusedByStore.isPresent()) {
      return toSegments(fusedByStore.get()).stream()
          .map(s -> s.withScore(s.score() / max))
          .filter(s -> s.score() >= q.minScore())
          .toList();
    }
    int n = Math.max(candidates, q.maxResults());
    List<RetrievedSegment> byVector = vector(q, queryEmbedding, n, 0);
    List<RetrievedSegment> byKeyword = bm25(q, n, -Double.MAX_VALUE);
    Map<String, RetrievedSegment> segments = new HashMap<>();
    byVector.forEach(s -> segments.put(s.segmentId(), s));
    byKeyword.forEach(s -> segments.putIfAbsent(s.segmentId(), s));
    List<RetrievedSegment> out = new ArrayList<>();
    for (ReciprocalRankFusion.Fused f :
        ReciprocalRankFusion.fuse(List.of(ids(byVector), ids(byKeyword)), k)) {
      double score = f.score() / max;
      if (out.size() == q.maxResults()) {
        break;
      }
      if (score >= q.minScore()) {
        out.add(segments.get(f.id()).withScore(score));
      }
    }
    return out;
  }

  private Embedding embed(RetrievalQuery q) {
    return embeddings.embed(q.text()).content();
  }

  private List<RetrievedSegment> vector(
      RetrievalQuery q, Embedding queryEmbedding, int n, double minScore) {
    EmbeddingSearchRequest request =
        EmbeddingSearchRequest.builder()
            .queryEmbedding(queryEmbedding)
            .maxResults(n)
            .minScore(Math.min(1, Math.max(0, minScore))) // LangChain4j accepts [0, 1] only
            .filter(q.filter())
            .build();
    List<RetrievedSegment> out = toSegments(store.vectorSearch(request));
    return minScore > 1 ? List.of() : out;
  }

  private List<RetrievedSegment> bm25(RetrievalQuery q, int n, double minScore) {
    List<RetrievedSegment> out = new ArrayList<>();
    for (RetrievedSegment s : toSegments(store.bm25(q.text(), n, q.filter()))) {
      if (s.score() >= minScore) {
        out.add(s);
      }
    }
    return out;
  }

  private static List<RetrievedSegment> toSegments(List<EmbeddingMatch<TextSegment>> matches) {
    List<RetrievedSegment> out = new ArrayList<>(matches.size());
    for (EmbeddingMatch<TextSegment> m : matches) {
      out.add(RetrievedSegment.of(m.embeddingId(), m.embedded(), m.score()));
    }
    return out;
  }

  private static List<String> ids(List<RetrievedSegment> segments) {
    return segments.stream().map(RetrievedSegment::segmentId).toList();
  }
}
