package dev.llmkit.inference.defaults;

import java.util.Locale;

/** A task llmkit has a default model for, used whenever {@code --model} is omitted. */
public enum DefaultTask {
  /** Sentence embeddings: all-MiniLM-L6-v2, converted from the LangChain4j artifact. */
  EMBEDDINGS("embedding", null),
  /** Named-entity recognition (token classification), fine-tuned by llmkit. */
  NER("NER", "ner"),
  /** Extractive question answering, fine-tuned by llmkit. */
  QA("QA", "qa"),
  /** Text generation: a small GPT-2 trained by llmkit. */
  GENERATION("generation", "gpt2"),
  /** Fill-mask: Google's BERT-Base cased with its masked-LM head, from its Maven artifact. */
  FILL_MASK("fill-mask", null);

  private final String label;
  private final String resourceName;

  DefaultTask(String label, String resourceName) {
    this.label = label;
    this.resourceName = resourceName;
  }

  /** How messages name the task ("NER", "QA", ...). */
  public String label() {
    return label;
  }

  /**
   * The folder under {@link DefaultModels#RESOURCE_ROOT} a bundled model lives in, or null for the
   * embedding and fill-mask models (which come from their own artifacts).
   */
  String resourceName() {
    return resourceName;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
