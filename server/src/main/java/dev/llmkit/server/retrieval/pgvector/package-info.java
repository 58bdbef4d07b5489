/**
 * The PostgreSQL + pgvector store: LangChain4j's {@code PgVectorEmbeddingStore} for segments, a
 * catalog table for documents, settings from {@code --pg-*} flags and {@code LLMKIT_PG_*}
 * variables. See {@code docs/retrieval.md}.
 */
package dev.llmkit.server.retrieval.pgvector;
