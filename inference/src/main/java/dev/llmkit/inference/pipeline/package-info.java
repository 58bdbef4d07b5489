/** Plumbing shared by the task pipelines: padded model inputs and batching. */
package dev.llmkit.inference.pipeline;
