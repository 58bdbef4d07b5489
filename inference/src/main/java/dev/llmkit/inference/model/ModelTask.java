package dev.llmkit.inference.model;

import java.util.Optional;

/** What a checkpoint was saved for, from the suffix of its transformers class name. */
public enum ModelTask {
  /** {@code BertModel}: the bare encoder (embeddings, sentence similarity). */
  BASE("Model"),
  /** {@code ...ForTokenClassification}: NER and other tagging. */
  TOKEN_CLASSIFICATION("ForTokenClassification"),
  /** {@code ...ForQuestionAnswering}: extractive QA (start/end logits). */
  QUESTION_ANSWERING("ForQuestionAnswering"),
  /** {@code ...ForSequenceClassification}. */
  SEQUENCE_CLASSIFICATION("ForSequenceClassification"),
  /** {@code ...ForMaskedLM}. */
  MASKED_LM("ForMaskedLM"),
  /** {@code ...LMHeadModel}, {@code ...ForCausalLM}: text generation. */
  CAUSAL_LM("LMHeadModel");

  private final String suffix;

  ModelTask(String suffix) {
    this.suffix = suffix;
  }

  /** The task of {@code architecture} given its family prefix, if it is one we know. */
  static Optional<ModelTask> fromArchitecture(String architecture, String classPrefix) {
    String rest = architecture.substring(classPrefix.length());
    if (rest.equals("ForCausalLM")) {
      return Optional.of(CAUSAL_LM);
    }
    for (ModelTask t : values()) {
      if (rest.equals(t.suffix)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
