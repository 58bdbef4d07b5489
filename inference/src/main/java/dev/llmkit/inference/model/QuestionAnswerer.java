package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.llmkit.inference.nn.Linear;

/**
 * An encoder with an extractive QA head ({@code ...ForQuestionAnswering}): {@code qa_outputs} maps
 * each hidden state to a start and an end logit.
 */
public final class QuestionAnswerer implements AutoCloseable {

  private final Encoder encoder;
  private final Linear qaOutputs;

  /**
   * @param encoder the base model
   * @param qaOutputs {@code (2, C)} weight and {@code (2)} bias
   */
  public QuestionAnswerer(Encoder encoder, Linear qaOutputs) {
    if (qaOutputs.outFeatures() != 2) {
      throw new ModelLoadException(
          "qa_outputs must have 2 outputs, has " + qaOutputs.outFeatures());
    }
    this.encoder = encoder;
    this.qaOutputs = qaOutputs;
  }

  /**
   * Start and end logits for every token.
   *
   * @see Encoder#forward
   */
  public SpanLogits logits(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    NDArray both =
        qaOutputs.forward(encoder.forward(inputIds, attentionMask, tokenTypeIds)); // (B,T,2)
    NDList split = both.split(2, 2); // two (B, T, 1)
    return new SpanLogits(split.get(0).squeeze(2), split.get(1).squeeze(2));
  }

  /** The base model. */
  public Encoder encoder() {
    return encoder;
  }

  @Override
  public void close() {
    encoder.close();
  }
}
