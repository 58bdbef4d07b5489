package dev.llmkit.server.retrieval;

/** Which index answers a query. */
public enum RetrievalMode {
  /** Vector and BM25 rankings fused by reciprocal rank. */
  HYBRID,
  /** HNSW cosine search over segment embeddings. */
  VECTOR,
  /** BM25 keyword search over segment text. */
  BM25
}
