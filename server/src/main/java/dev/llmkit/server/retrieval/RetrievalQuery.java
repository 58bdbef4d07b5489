package dev.llmkit.server.retrieval;

import dev.langchain4j.store.embedding.filter.Filter;
import java.util.Objects;

/**
 * A search.
 *
 * @param text the query text
 * @param maxResults most segments returned
 * @param minScore lowest score kept, on the mode's scale (see {@link Retriever})
 * @param mode hybrid, vector or BM25
 * @param filter a LangChain4j metadata filter, or null
 */
public record RetrievalQuery(
    String text, int maxResults, double minScore, RetrievalMode mode, Filter filter) {

  /** Checks the bounds. */
  public RetrievalQuery {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(mode, "mode");
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be >= 1, got " + maxResults);
    }
    if (!Double.isFinite(minScore)) {
      throw new IllegalArgumentException("minScore must be finite");
    }
  }

  /** A hybrid query for the top {@code maxResults}, no threshold, no filter. */
  public static RetrievalQuery of(String text, int maxResults) {
    return new RetrievalQuery(text, maxResults, 0, RetrievalMode.HYBRID, null);
  }

  /** The same query in another mode. */
  public RetrievalQuery withMode(RetrievalMode other) {
    return new RetrievalQuery(text, maxResults, minScore, other, filter);
  }
}
