package dev.llmkit.inference.bert;

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
import java.util.function.UnaryOperator;

/**
 * BERT's encoder ({@code BertModel} without pooler), mirroring <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/bert/modeling_bert.py">modeling_bert.py</a>:
 * word + position + token-type embeddings, LayerNorm, then post-norm transformer layers. RoBERTa
 * reuses it with its own position ids.
 */
public final class BertEncoder implements Encoder {

  private final BertConfig config;
  private final ModelFamily family;
  private final InputEmbeddings embeddings;
  private final List<PostNormBlock> layers;
  private final UnaryOperator<NDArray> positionIds;
  private final int maxSequenceLength;
  private final boolean usesTokenTypes;
  private final Parameters parameters;

  private BertEncoder(
      BertConfig config,
      CheckpointBinder b,
      ModelFamily family,
      UnaryOperator<NDArray> positionIds,
      int maxSequenceLength,
      boolean usesTokenTypes) {
    int h = config.hiddenSize();
    this.config = config;
    this.family = family;
    this.embeddings =
        new InputEmbeddings(
            b.embedding("embeddings.word_embeddings", config.vocabSize(), h),
            b.embedding("embeddings.position_embeddings", config.maxPositionEmbeddings(), h),
            b.embedding("embeddings.token_type_embeddings", config.typeVocabSize(), h),
            b.layerNorm("embeddings.LayerNorm", h, config.layerNormEps()));
    List<PostNormBlock> list = new ArrayList<>();
    for (int i = 0; i < config.numHiddenLayers(); i++) {
      list.add(BertLayer.bind(b, config, i));
    }
    this.layers = List.copyOf(list);
    this.positionIds = positionIds;
    this.maxSequenceLength = maxSequenceLength;
    this.usesTokenTypes = usesTokenTypes;
    this.parameters = b.parameters();
  }

  /** Binds a BERT encoder's weights. Call {@link CheckpointBinder#finish()} before using it. */
  public static BertEncoder bind(ModelConfig modelConfig, CheckpointBinder binder) {
    BertConfig config = BertConfig.from(modelConfig);
    return new BertEncoder(
        config,
        binder,
        ModelFamily.BERT,
        ids -> null, // 0 .. T-1
        config.maxPositionEmbeddings(),
        true);
  }

  /**
   * For families that are BERT with other position ids (RoBERTa).
   *
   * @param positionIds maps {@code (B, T)} input ids to position ids, {@code (B, T)} or {@code
   *     (T)}, or to {@code null} for {@code 0 .. T-1}
   */
  public static BertEncoder bind(
      BertConfig config,
      CheckpointBinder binder,
      ModelFamily family,
      UnaryOperator<NDArray> positionIds,
      int maxSequenceLength,
      boolean usesTokenTypes) {
    return new BertEncoder(config, binder, family, positionIds, maxSequenceLength, usesTokenTypes);
  }

  @Override
  public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    NDArray types = usesTokenTypes ? tokenTypeIds : null;
    boolean padded =
        EncoderInputs.validate(
            inputIds,
            attentionMask,
            types,
            config.vocabSize(),
            config.typeVocabSize(),
            maxSequenceLength);
    NDArray mask = // (B, 1, 1, T) or none
        padded
            ? Attention.additiveMask(attentionMask, embeddings.word().weight().getDataType())
            : null;
    NDArray x = embeddings.forward(inputIds, positionIds.apply(inputIds), types); // (B, T, C)
    for (PostNormBlock layer : layers) {
      x = layer.forward(x, mask);
    }
    return x;
  }

  /** The hyper-parameters. */
  public BertConfig config() {
    return config;
  }

  @Override
  public int hiddenSize() {
    return config.hiddenSize();
  }

  @Override
  public int maxPositionEmbeddings() {
    return config.maxPositionEmbeddings();
  }

  @Override
  public int maxSequenceLength() {
    return maxSequenceLength;
  }

  @Override
  public boolean usesTokenTypes() {
    return usesTokenTypes;
  }

  @Override
  public ModelFamily family() {
    return family;
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
