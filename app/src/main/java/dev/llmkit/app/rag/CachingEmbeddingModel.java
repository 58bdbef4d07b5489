package dev.llmkit.app.rag;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the embedding of each text, so a benchmark embeds its queries once (in batches, via
 * {@link #warm}) and every retrieval mode reuses them.
 */
final class CachingEmbeddingModel implements EmbeddingModel {

  private final EmbeddingModel delegate;
  private final Map<String, Embedding> cache = new ConcurrentHashMap<>();

  CachingEmbeddingModel(EmbeddingModel delegate) {
    this.delegate = delegate;
  }

  /** Embeds every text not yet cached, in one batched call. */
  void warm(List<String> texts) {
    List<TextSegment> missing = new ArrayList<>();
    for (String t : texts) {
      if (!cache.containsKey(t)) {
        missing.add(TextSegment.from(t));
      }
    }
    if (!missing.isEmpty()) {
      List<Embedding> vectors = delegate.embedAll(missing).content();
      for (int i = 0; i < missing.size(); i++) {
        cache.put(missing.get(i).text(), vectors.get(i));
      }
    }
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    List<Embedding> out = new ArrayList<>(segments.size());
    List<String> texts = segments.stream().map(TextSegment::text).toList();
    warm(texts);
    for (String t : texts) {
      out.add(cache.get(t));
    }
    return Response.from(out);
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }
}
