package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.nn.Linear;

/**
 * An encoder with a token-classification head ({@code ...ForTokenClassification}): one linear
 * {@code classifier} over every token's hidden state, labels from {@code id2label}. Dropout is the
 * identity at inference, so the head is exactly {@code classifier(encoder(x))}.
 */
public final class TokenClassifier implements AutoCloseable {

  private final Encoder encoder;
  private final Linear classifier;
  private final Labels labels;

  /**
   * @param encoder the base model
   * @param classifier {@code (L, C)} weight and {@code (L)} bias
   * @param labels one per output
   */
  public TokenClassifier(Encoder encoder, Linear classifier, Labels labels) {
    if (classifier.outFeatures() != labels.size()) {
      throw new ModelLoadException(
          "classifier has "
              + classifier.outFeatures()
              + " outputs but "
              + labels.size()
              + " labels");
    }
    this.encoder = encoder;
    this.classifier = classifier;
    this.labels = labels;
  }

  /**
   * Per-token logits.
   *
   * @return {@code (B, T, L)} in the inputs' manager
   * @see Encoder#forward
   */
  public NDArray logits(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    return classifier.forward(encoder.forward(inputIds, attentionMask, tokenTypeIds));
  }

  /** The base model. */
  public Encoder encoder() {
    return encoder;
  }

  /** The head. */
  public Linear classifier() {
    return classifier;
  }

  /** Labels by id. */
  public Labels labels() {
    return labels;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
