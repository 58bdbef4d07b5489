package dev.llmkit.inference.distilbert;

import ai.djl.ndarray.NDArray;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderInputs;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelFamily;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.InputEmbeddings;
import dev.llmkit.inference.nn.Parameters;
import dev.llmkit.inference.nn.PostNormBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * DistilBERT's encoder, mirroring <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/distilbert/modeling_distilbert.py">modeling_distilbert.py</a>:
 * word + position embeddings (no token types), LayerNorm, then {@code transformer.layer.N} blocks
 * with {@code q_lin/k_lin/v_lin/out_lin} attention. Weights live under {@code distilbert.} in task
 * checkpoints. Sinusoidal position tables are stored in checkpoints like learned ones.
 */
public final class DistilBertEncoder implements Encoder {

  private final DistilBertConfig config;
  private final InputEmbeddings embeddings;
  private final List<PostNormBlock> layers;
  private final Parameters parameters;

  private DistilBertEncoder(DistilBertConfig config, CheckpointBinder b) {
    int d = config.dim();
    this.config = config;
    this.embeddings =
        new InputEmbeddings(
            b.embedding("embeddings.word_embeddings", config.vocabSize(), d),
            b.embedding("embeddings.position_embeddings", config.maxPositionEmbeddings(), d),
            null, // no segments
            b.layerNorm("embeddings.LayerNorm", d, DistilBertConfig.LAYER_NORM_EPS));
    List<PostNormBlock> list = new ArrayList<>();
    for (int i = 0; i < config.nLayers(); i++) {
      list.add(DistilBertLayer.bind(b, config, i));
    }
    this.layers = List.copyOf(list);
    this.parameters = b.parameters();
  }

  /** Binds the weights. Call {@link CheckpointBinder#finish()} before using the encoder. */
  public static DistilBertEncoder bind(ModelConfig modelConfig, CheckpointBinder binder) {
    return new DistilBertEncoder(DistilBertConfig.from(modelConfig), binder);
  }

  /** {@inheritDoc} {@code tokenTypeIds} is ignored: DistilBERT has no segment embeddings. */
  @Override
  public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    boolean padded =
        EncoderInputs.validate(
            inputIds, attentionMask, null, config.vocabSize(), 0, config.maxPositionEmbeddings());
    NDArray mask = // (B, 1, 1, T) or none
        padded
            ? Attention.additiveMask(attentionMask, embeddings.word().weight().getDataType())
            : null;
    NDArray x = embeddings.forward(inputIds, null, null); // (B, T, C)
    for (PostNormBlock layer : layers) {
      x = layer.forward(x, mask);
    }
    return x; // (B, T, C)
  }

  /** The hyper-parameters. */
  public DistilBertConfig config() {
    return config;
  }

  @Override
  public int hiddenSize() {
    return config.dim();
  }

  @Override
  public int maxPositionEmbeddings() {
    return config.maxPositionEmbeddings();
  }

  @Override
  public int maxSequenceLength() {
    return config.maxPositionEmbeddings();
  }

  @Override
  public boolean usesTokenTypes() {
    return false;
  }

  @Override
  public ModelFamily family() {
    return ModelFamily.DISTILBERT;
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  @Override
  public void close() {
    parameters.close();
  }
}
