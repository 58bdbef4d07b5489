/**
 * Safetensors checkpoints: a hardened, memory-mapped reader ({@link
 * dev.llmkit.inference.safetensors.SafetensorsFile}, sharded {@link
 * dev.llmkit.inference.safetensors.ShardedSafetensors}, both behind {@link
 * dev.llmkit.inference.safetensors.TensorReader} and opened with {@link
 * dev.llmkit.inference.safetensors.Safetensors#open}) and a writer ({@link
 * dev.llmkit.inference.safetensors.SafetensorsWriter}). Half-precision formats are widened to fp32
 * in Java; corrupt input only ever raises {@link
 * dev.llmkit.inference.safetensors.SafetensorsException}.
 */
package dev.llmkit.inference.safetensors;
