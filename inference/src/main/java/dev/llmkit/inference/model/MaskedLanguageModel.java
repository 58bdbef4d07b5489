package dev.llmkit.inference.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import dev.llmkit.inference.nn.Activation;
import dev.llmkit.inference.nn.LayerNorm;
import dev.llmkit.inference.nn.Linear;

/**
 * An encoder with BERT's masked-language-model head ({@code BertForMaskedLM}, <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/bert/modeling_bert.py">modeling_bert.py</a>
 * {@code BertLMPredictionHead}): {@code decoder(LayerNorm(act(dense(h)))) + bias}, the decoder's
 * weight tied to the word embeddings unless the checkpoint stores its own.
 */
public final class MaskedLanguageModel implements AutoCloseable {

  private final Encoder encoder;
  private final Linear transform;
  private final Activation activation;
  private final LayerNorm norm;
  private final Linear decoder;

  /**
   * @param encoder the base model
   * @param transform {@code cls.predictions.transform.dense}: {@code (C, C)}
   * @param activation {@code hidden_act}
   * @param norm {@code cls.predictions.transform.LayerNorm}
   * @param decoder {@code (V, C)} weight (tied or stored) and {@code cls.predictions.bias} {@code
   *     (V)}
   */
  public MaskedLanguageModel(
      Encoder encoder, Linear transform, Activation activation, LayerNorm norm, Linear decoder) {
    this.encoder = encoder;
    this.transform = transform;
    this.activation = activation;
    this.norm = norm;
    this.decoder = decoder;
  }

  /**
   * Vocabulary logits at chosen positions only (the rest of the sequence is never projected onto
   * the 29k-word vocabulary).
   *
   * @param positions {@code (N)} int64 indices into the flattened {@code B × T} positions
   * @return {@code (N, V)} in the inputs' manager
   */
  public NDArray logitsAt(
      NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, NDArray positions) {
    NDArray hidden = encoder.forward(inputIds, attentionMask, tokenTypeIds); // (B, T, C)
    NDArray picked = hidden.reshape(-1, encoder.hiddenSize()).get(new NDIndex("{}", positions));
    NDArray h = norm.forward(transform.forward(picked, activation)); // (N, C)
    return decoder.forward(h); // (N, V)
  }

  /** Vocabulary size {@code V}. */
  public int vocabSize() {
    return (int) decoder.outFeatures();
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
