/**
 * llmkit's models behind LangChain4j interfaces: {@code EmbeddingModel}, {@code
 * TokenCountEstimator}.
 */
package dev.llmkit.server.retrieval.langchain;
