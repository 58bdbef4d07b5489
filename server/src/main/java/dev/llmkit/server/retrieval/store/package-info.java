/**
 * The embedded, crash-safe Lucene {@code EmbeddingStore<TextSegment>} (HNSW cosine + BM25 + stored
 * metadata + document catalog), and the translation of LangChain4j metadata filters to Lucene.
 */
package dev.llmkit.server.retrieval.store;
