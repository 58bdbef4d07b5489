/**
 * Named-entity recognition (token classification) as Hugging Face's {@code pipeline("ner")} does
 * it: {@link dev.llmkit.inference.ner.NerPipeline} runs the model over windows of the text, {@link
 * dev.llmkit.inference.ner.EntityDecoder} (pure, model-free) turns logits into {@link
 * dev.llmkit.inference.ner.Entity entities} with every {@code aggregation_strategy}.
 */
package dev.llmkit.inference.ner;
