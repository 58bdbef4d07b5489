package dev.llmkit.inference.gpt2;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Float16 copies of GPT-2's projections and head, for the decoding steps of up to 4 sequences on
 * the CPU.
 *
 * <p>A decoding step is a matrix-vector product with every weight: it reads the whole model for one
 * token and is bound by memory. PyTorch's float32 matrix-vector product streams weights at about 12
 * GB/s on this project's CPU (GPT-2 small's head, 154 MB: 13.3 ms), while its float16 one ({@code
 * fp16_gemv_trans}: float32 accumulation, weights stored {@code (out, in)}) reads half the bytes
 * and runs 4× faster (3.0 ms). The prompt (many tokens at once, a matrix-matrix product, for which
 * float16 has no fast CPU kernel) still runs in float32.
 *
 * <p>Activations are rounded to float16 at each projection's input and the sums come back as
 * float32, so logits differ from float32 by about 1e-3 of their scale; {@code Gpt2ModelTest} and
 * {@code Gpt2Float16DecodingIT} check that greedy choices agree, or part only at a near tie.
 */
final class Float16Decoding {

  /** One block's projections, each {@code (out, in)} float16, contiguous. */
  record Block(NDArray attn, NDArray attnProj, NDArray fc, NDArray mlpProj) {}

  private final List<Block> blocks;
  private final NDArray head; // (V, C)

  private Float16Decoding(List<Block> blocks, NDArray head) {
    this.blocks = blocks;
    this.head = head;
  }

  /** Whether the weights are float32 on the CPU and not being trained. */
  static boolean applies(Gpt2Weights weights) {
    NDArray head = weights.lmHead();
    return head.getDevice().getDeviceType().equals(Device.Type.CPU)
        && head.getDataType() == DataType.FLOAT32
        && !head.hasGradient();
  }

  /** Copies the weights, in the weights' manager. */
  static Float16Decoding of(Gpt2Weights weights) {
    List<Block> blocks =
        weights.blocks().stream()
            .map(
                b ->
                    new Block(
                        outByIn(b.attnWeight()),
                        outByIn(b.attnProjWeight()),
                        outByIn(b.fcWeight()),
                        outByIn(b.mlpProjWeight())))
            .toList();
    return new Float16Decoding(blocks, weights.lmHead().toType(DataType.FLOAT16, true));
  }

  /** A Conv1D weight, stored {@code (in, out)}, as a contiguous {@code (out, in)} float16 copy. */
  private static NDArray outByIn(NDArray conv1dWeight) {
    Shape s = conv1dWeight.getShape();
    // toType keeps the transposed strides; reshaping through 1-D makes the (out, in) layout real.
    return conv1dWeight
        .transpose()
        .toType(DataType.FLOAT16, false)
        .reshape(-1)
        .reshape(s.get(1), s.get(0));
  }

  Block block(int i) {
    return blocks.get(i);
  }

  /**
   * @param x {@code (..., in)} float32
   * @param weight {@code (out, in)} float16
   * @param bias {@code (out)} float32
   * @return {@code (..., out)} float32
   */
  static NDArray project(NDArray x, NDArray weight, NDArray bias) {
    Shape s = x.getShape();
    int last = s.dimension() - 1;
    NDArray rows = x.reshape(-1, s.get(last)).toType(DataType.FLOAT16, false);
    NDArray y = ai.djl.nn.core.Linear.linear(rows, weight, null).singletonOrThrow();
    return y.toType(DataType.FLOAT32, false)
        .reshape(s.slice(0, last).add(weight.getShape().get(0)))
        .add(bias);
  }

  /** {@code (B, C)} float32 to {@code (B, V)} float32 logits. */
  NDArray logits(NDArray hidden) {
    NDArray half = hidden.toType(DataType.FLOAT16, false);
    NDArray y = ai.djl.nn.core.Linear.linear(half, head, null).singletonOrThrow();
    return y.toType(DataType.FLOAT32, false);
  }

  /** Frees the copies. */
  void close() {
    head.close();
    for (Block b : blocks) {
      b.attn().close();
      b.attnProj().close();
      b.fc().close();
      b.mlpProj().close();
    }
  }
}
