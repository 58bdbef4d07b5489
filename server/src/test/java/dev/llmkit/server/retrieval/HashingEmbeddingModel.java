package dev.llmkit.server.retrieval;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic bag-of-words embedder for store tests (no model load): each lower-cased word adds
 * 1 to one of 64 hashed dimensions, then the vector is L2-normalized. Texts sharing words are
 * close; that is all the store tests need.
 */
public final class HashingEmbeddingModel implements EmbeddingModel {

  static final int DIM = 64;

  /** Calls of {@link #embedAll}. */
  public final AtomicInteger calls = new AtomicInteger();

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    calls.incrementAndGet();
    List<Embedding> out = new ArrayList<>();
    for (TextSegment s : segments) {
      out.add(Embedding.from(vector(s.text())));
    }
    return Response.from(out);
  }

  static float[] vector(String text) {
    float[] v = new float[DIM];
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        v[Math.floorMod(w.hashCode(), DIM)] += 1;
      }
    }
    double norm = 0;
    for (float x : v) {
      norm += x * x;
    }
    if (norm == 0) {
      v[0] = 1;
      return v;
    }
    for (int i = 0; i < DIM; i++) {
      v[i] /= (float) Math.sqrt(norm);
    }
    return v;
  }

  @Override
  public int dimension() {
    return DIM;
  }
}
