package dev.llmkit.inference.roberta;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.bert.BertEncoder;
import dev.llmkit.inference.model.CheckpointBinder;
import dev.llmkit.inference.model.ModelConfig;
import dev.llmkit.inference.model.ModelFamily;

/**
 * RoBERTa's encoder, mirroring <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/roberta/modeling_roberta.py">modeling_roberta.py</a>:
 * BERT's layers with weights under {@code roberta.} and position ids that count only non-padding
 * tokens, starting at {@code padding_idx + 1} ({@code create_position_ids_from_input_ids}); padding
 * tokens get position {@code padding_idx}.
 */
public final class RobertaEncoder {

  private RobertaEncoder() {}

  /** Binds a RoBERTa encoder's weights. Call {@link CheckpointBinder#finish()} before using it. */
  public static BertEncoder bind(ModelConfig modelConfig, CheckpointBinder binder) {
    RobertaConfig config = RobertaConfig.from(modelConfig);
    int pad = config.paddingIdx();
    return BertEncoder.bind(
        config.bert(),
        binder,
        ModelFamily.ROBERTA,
        ids -> positionIds(ids, pad),
        config.maxSequenceLength(),
        false); // RoBERTa tokenizers produce no token types; HF pipelines never pass them
  }

  /** {@code cumsum(ids != pad) * (ids != pad) + pad}, shape {@code (B, T)}. */
  static NDArray positionIds(NDArray inputIds, int paddingIdx) {
    NDArray notPad = inputIds.neq(paddingIdx).toType(DataType.INT64, false); // (B, T)
    return notPad.cumSum(1).mul(notPad).add(paddingIdx);
  }
}
