package dev.llmkit.inference.nn;

import ai.djl.ndarray.NDArray;

/**
 * The post-norm transformer block of BERT-family encoders: self-attention, add and norm,
 * feed-forward, add and norm ({@code BertLayer} of <a
 * href="https://github.com/huggingface/transformers/blob/v4.53.0/src/transformers/models/bert/modeling_bert.py">modeling_bert.py</a>,
 * DistilBERT's {@code TransformerBlock}). The model families bind it under their own weight names.
 *
 * <p>In inference on the CPU ({@link NoGrad}), with every linear layer packed ({@link
 * PackedWeight}: float32, bfloat16 or int8), the block is one call into the engine ({@code
 * post_norm_block} in {@code kernels.py}): the same operators as the separate calls, without a
 * return to Java between them. At batch 1 those returns cost about a tenth of the time (MiniLM, 32
 * tokens). Elsewhere (training, LoRA, other devices, an open {@link Attention#probe}) the block
 * runs its layers one by one; {@code -Dllmkit.fused-blocks=false} always does (to compare both).
 *
 * @param query {@code (C, C)}
 * @param key {@code (C, C)}
 * @param value {@code (C, C)}
 * @param attentionOutput {@code (C, C)}
 * @param attentionNorm over {@code C}
 * @param intermediate {@code (I, C)}
 * @param output {@code (C, I)}
 * @param outputNorm over {@code C}
 * @param heads attention heads, dividing {@code C}
 * @param activation of the intermediate layer
 */
public record PostNormBlock(
    Linear query,
    Linear key,
    Linear value,
    Linear attentionOutput,
    LayerNorm attentionNorm,
    Linear intermediate,
    Linear output,
    LayerNorm outputNorm,
    int heads,
    Activation activation) {

  static final boolean FUSED =
      Boolean.parseBoolean(System.getProperty("llmkit.fused-blocks", "true"));

  /**
   * @param x {@code (B, T, C)}
   * @param mask additive, broadcastable to {@code (B, H, T, T)}, or {@code null} for none
   * @return {@code (B, T, C)} in {@code x}'s manager
   */
  public NDArray forward(NDArray x, NDArray mask) {
    NDArray fused = fused(x, mask);
    return fused != null ? fused : layerByLayer(x, mask);
  }

  /** The block as separate calls, one per layer. */
  NDArray layerByLayer(NDArray x, NDArray mask) {
    NDArray context =
        Attention.multiHead(query.forward(x), key.forward(x), value.forward(x), heads, mask);
    NDArray attended = attentionNorm.forward(attentionOutput.forwardPlus(context, x));
    NDArray hidden = intermediate.forward(attended, activation); // (B, T, I)
    return outputNorm.forward(output.forwardPlus(hidden, attended));
  }

  /** The block in one call where it applies, else {@code null}. */
  NDArray fused(NDArray x, NDArray mask) {
    if (!FUSED || !Attention.fusable()) {
      return null;
    }
    TorchKernels kernels = TorchKernels.forInference(x);
    if (kernels == null) {
      return null;
    }
    Linear[] linears = {query, key, value, attentionOutput, intermediate, output};
    TorchKernels.Packed[] packed = new TorchKernels.Packed[linears.length];
    for (int i = 0; i < linears.length; i++) {
      packed[i] = linears[i].lora() == null ? linears[i].packedFor(kernels) : null;
      if (packed[i] == null) {
        return null;
      }
    }
    NDArray[] tensors = {
      query.bias(),
      key.bias(),
      value.bias(),
      attentionOutput.bias(),
      intermediate.bias(),
      output.bias(),
      attentionNorm.weight(),
      attentionNorm.bias(),
      outputNorm.weight(),
      outputNorm.bias()
    };
    return kernels.postNormBlock(
        x,
        mask,
        packed,
        tensors,
        heads,
        attentionNorm.eps(),
        outputNorm.eps(),
        TorchKernels.Epilogue.of(activation));
  }
}
