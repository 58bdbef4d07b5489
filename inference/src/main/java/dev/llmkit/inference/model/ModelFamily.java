package dev.llmkit.inference.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The architectures llmkit implements, recognised from {@code config.json}'s {@code architectures}
 * (class-name prefix) or {@code model_type}.
 */
public enum ModelFamily {
  /** BERT and BERT-shaped models such as MiniLM ({@code modeling_bert.py}). */
  BERT("bert", "Bert", "bert"),
  /** DistilBERT ({@code modeling_distilbert.py}). */
  DISTILBERT("distilbert", "DistilBert", "distilbert"),
  /** RoBERTa ({@code modeling_roberta.py}). */
  ROBERTA("roberta", "Roberta", "roberta"),
  /** GPT-2 ({@code modeling_gpt2.py}); base-model prefix {@code transformer}. */
  GPT2("gpt2", "GPT2", "transformer");

  private final String modelType;
  private final String classPrefix;
  private final String basePrefix;

  ModelFamily(String modelType, String classPrefix, String basePrefix) {
    this.modelType = modelType;
    this.classPrefix = classPrefix;
    this.basePrefix = basePrefix;
  }

  /** The {@code model_type} value in {@code config.json}. */
  public String modelType() {
    return modelType;
  }

  /**
   * The attribute name of the base model inside task models, which prefixes its weight names in
   * task checkpoints ({@code bert.}, {@code distilbert.}, {@code roberta.}, {@code transformer.}).
   */
  public String basePrefix() {
    return basePrefix;
  }

  /** Whether this family is a bidirectional encoder (everything but GPT-2). */
  public boolean isEncoder() {
    return this != GPT2;
  }

  /** The family of a transformers class name such as {@code DistilBertForQuestionAnswering}. */
  public static Optional<ModelFamily> fromArchitecture(String architecture) {
    // Longest prefix first so that "DistilBert..." is not taken for "Bert...".
    return Arrays.stream(values())
        .filter(f -> architecture.startsWith(f.classPrefix))
        .max((a, b) -> Integer.compare(a.classPrefix.length(), b.classPrefix.length()))
        .filter(f -> ModelTask.fromArchitecture(architecture, f.classPrefix).isPresent());
  }

  /** The family of a {@code model_type} value. */
  public static Optional<ModelFamily> fromModelType(String modelType) {
    return Arrays.stream(values()).filter(f -> f.modelType.equals(modelType)).findFirst();
  }

  /** Human-readable list of what is supported, for error messages. */
  public static String describeSupported() {
    return Arrays.stream(values())
        .map(
            f ->
                f.modelType
                    + " ("
                    + f.supportedClasses().stream().collect(Collectors.joining(", "))
                    + ")")
        .collect(Collectors.joining("; "));
  }

  /** The transformers class names of this family that llmkit can load. */
  public List<String> supportedClasses() {
    return switch (this) {
      case GPT2 -> List.of("GPT2Model", "GPT2LMHeadModel");
      default ->
          List.of(
              classPrefix + "Model",
              classPrefix + "ForTokenClassification",
              classPrefix + "ForQuestionAnswering");
    };
  }

  /** The class-name prefix ({@code Bert}, {@code DistilBert}, ...). */
  String classPrefix() {
    return classPrefix;
  }
}
