package dev.llmkit.inference.bert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The name mapping of transformers' {@code load_tf_weights_in_bert}, written out by hand. */
class BertTfCheckpointTest {

  @Test
  void layerKernelsBecomeWeightsWithDottedLayerIndices() {
    assertThat(
            BertTfCheckpoint.huggingFaceName(
                "module/bert/encoder/layer_11/attention/self/query/kernel"))
        .isEqualTo("bert.encoder.layer.11.attention.self.query.weight");
    assertThat(BertTfCheckpoint.huggingFaceName("bert/encoder/layer_0/output/dense/bias"))
        .isEqualTo("bert.encoder.layer.0.output.dense.bias");
  }

  @Test
  void layerNormGammaAndBetaBecomeWeightAndBias() {
    assertThat(BertTfCheckpoint.huggingFaceName("module/bert/embeddings/LayerNorm/gamma"))
        .isEqualTo("bert.embeddings.LayerNorm.weight");
    assertThat(
            BertTfCheckpoint.huggingFaceName(
                "module/bert/encoder/layer_3/attention/output/LayerNorm/beta"))
        .isEqualTo("bert.encoder.layer.3.attention.output.LayerNorm.bias");
  }

  @Test
  void embeddingTablesGainWeight() {
    assertThat(BertTfCheckpoint.huggingFaceName("module/bert/embeddings/word_embeddings"))
        .isEqualTo("bert.embeddings.word_embeddings.weight");
    assertThat(BertTfCheckpoint.huggingFaceName("module/bert/embeddings/token_type_embeddings"))
        .isEqualTo("bert.embeddings.token_type_embeddings.weight");
  }

  @Test
  void theMaskedLmHeadKeepsTransformersNames() {
    assertThat(BertTfCheckpoint.huggingFaceName("module/cls/predictions/output_bias"))
        .isEqualTo("cls.predictions.bias");
    assertThat(BertTfCheckpoint.huggingFaceName("module/cls/predictions/transform/dense/kernel"))
        .isEqualTo("cls.predictions.transform.dense.weight");
    assertThat(BertTfCheckpoint.huggingFaceName("cls/seq_relationship/output_weights"))
        .isEqualTo("cls.seq_relationship.weight");
  }

  @Test
  void optimizerSlotsAndTheStepCounterAreSkipped() {
    assertThat(BertTfCheckpoint.huggingFaceName("bert/encoder/layer_0/output/dense/kernel/adam_m"))
        .isNull();
    assertThat(BertTfCheckpoint.huggingFaceName("global_step")).isNull();
    assertThat(BertTfCheckpoint.huggingFaceName("module/global_step")).isNull();
  }

  @Test
  void kernelsAreTransposedFromInOutToOutIn() {
    // [[1, 2, 3], [4, 5, 6]] as (in 2, out 3) → (out 3, in 2): [[1, 4], [2, 5], [3, 6]]
    assertThat(BertTfCheckpoint.transpose(new float[] {1, 2, 3, 4, 5, 6}, 2, 3))
        .containsExactly(1, 4, 2, 5, 3, 6);
  }
}
