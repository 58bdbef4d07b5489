/** Fill-mask: the most probable tokens for each {@code [MASK]}, in Hugging Face's shape. */
package dev.llmkit.inference.fillmask;
