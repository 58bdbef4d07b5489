/**
 * GPT-2 ({@code GPT2LMHeadModel}) on DJL: {@link dev.llmkit.inference.gpt2.Gpt2Config}, {@link
 * dev.llmkit.inference.gpt2.Gpt2Weights} (bound by name through the encoders' {@link
 * dev.llmkit.inference.model.CheckpointBinder}) and {@link dev.llmkit.inference.gpt2.Gpt2Model}, a
 * {@link dev.llmkit.inference.generation.CausalLanguageModel} with a KV cache.
 */
package dev.llmkit.inference.gpt2;
