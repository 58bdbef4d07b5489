package dev.llmkit.inference.bert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderInputs;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelFamily;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.nn.Embedding;
import dev.llmkit.inference.nn.LayerNorm;
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
  private final Embedding wordEmbeddings;
  private final Embedding positionEmbeddings;
  private final Embedding tokenTypeEmbeddings;
  private final LayerNorm embeddingNorm;
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
    this.wordEmbeddings = b.embedding("embeddings.word_embeddings", config.vocabSize(), h);
    this.positionEmbeddings =
        b.embedding("embeddings.position_embeddings", config.maxPositionEmbeddings(), h);
    this.tokenTypeEmbeddings =
        b.embedding("embeddings.token_type_embeddings", config.typeVocabSize(), h);
    this.embeddingNorm = b.layerNorm("embeddings.LayerNorm", h, config.layerNormEps());
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
        BertEncoder::absolutePositions,
        config.maxPositionEmbeddings(),
        true);
  }

  /**
   * For families that are BERT with other position ids (RoBERTa).
   *
   * @param positionIds maps {@code (B, T)} input ids to position ids, {@code (B, T)} or {@code (T)}
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

  /** {@code 0 .. T-1}, shape {@code (T)}, broadcast over the batch. */
  static NDArray absolutePositions(NDArray inputIds) {
    long t = inputIds.getShape().get(1);
    return inputIds.getManager().arange(0, (int) t, 1, DataType.INT64);
  }

  @Override
  public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds) {
    NDArray types = usesTokenTypes ? tokenTypeIds : null;
    EncoderInputs.validate(
        inputIds,
        attentionMask,
        types,
        config.vocabSize(),
        config.typeVocabSize(),
        maxSequenceLength);
    if (types == null) {
      types = inputIds.zerosLike();
    }
    DataType dtype = wordEmbeddings.weight().getDataType();
    NDArray mask = Attention.paddingMask(attentionMask, dtype); // (B, 1, 1, T) or none
    NDArray x =
        wordEmbeddings
            .forward(inputIds) // (B, T, C)
            .add(positionEmbeddings.forward(positionIds.apply(inputIds)))
            .add(tokenTypeEmbeddings.forward(types));
    x = embeddingNorm.forward(x);
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
