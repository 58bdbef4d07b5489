/**
 * Text generation apart from any model: options with Hugging Face names ({@link
 * dev.llmkit.inference.generation.GenerationOptions}), logits processors in Hugging Face order,
 * seeded sampling, stop sequences matched on decoded text, streaming, and a preallocated {@link
 * dev.llmkit.inference.generation.KvCache}. Models plug in through {@link
 * dev.llmkit.inference.generation.CausalLanguageModel}.
 */
package dev.llmkit.inference.generation;
