/**
 * Extractive question answering as Hugging Face's {@code pipeline("question-answering")} does it:
 * {@link dev.llmkit.inference.qa.QaPipeline} runs the model over the windows of a context, {@link
 * dev.llmkit.inference.qa.AnswerDecoder} (pure, model-free) turns start/end logits into {@link
 * dev.llmkit.inference.qa.Answer answers}.
 */
package dev.llmkit.inference.qa;
