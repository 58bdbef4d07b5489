/**
 * Model dispatch and task heads: {@link dev.llmkit.inference.model.ModelConfig} reads {@code
 * config.json}, {@link dev.llmkit.inference.model.EncoderModels} loads an {@link
 * dev.llmkit.inference.model.Encoder}, {@link dev.llmkit.inference.model.TokenClassifier} or {@link
 * dev.llmkit.inference.model.QuestionAnswerer}; {@link dev.llmkit.inference.model.CheckpointBinder}
 * matches checkpoint tensors to a family's weights.
 */
package dev.llmkit.inference.model;
