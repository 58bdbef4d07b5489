package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;

/**
 * Extractive question-answering logits.
 *
 * @param start {@code (B, T)} start-of-answer logits
 * @param end {@code (B, T)} end-of-answer logits
 */
public record SpanLogits(NDArray start, NDArray end) {}
