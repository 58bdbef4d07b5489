/**
 * The retrieval layer on LangChain4j: ingest documents, search them (vector, BM25, hybrid by
 * reciprocal rank fusion) and answer questions from them with sources. {@link
 * dev.llmkit.server.retrieval.RetrievalService} is the entry point; see {@code docs/retrieval.md}.
 */
package dev.llmkit.server.retrieval;
