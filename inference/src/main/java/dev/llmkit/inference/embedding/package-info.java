/**
 * Sentence embeddings: {@link dev.llmkit.inference.embedding.EmbeddingPipeline} runs an encoder,
 * pools (mean or CLS) and normalizes, in batches that padding does not affect.
 */
package dev.llmkit.inference.embedding;
