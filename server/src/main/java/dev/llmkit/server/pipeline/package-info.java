/**
 * Adapters from llmkit's inference pipelines (NER, QA, embeddings) to the server's task services,
 * each behind its own {@link dev.llmkit.server.engine.BatchingQueue}.
 */
package dev.llmkit.server.pipeline;
