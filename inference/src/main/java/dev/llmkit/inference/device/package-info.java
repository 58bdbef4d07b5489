/**
 * Where a model runs: device selection ({@code auto|cpu|cuda[:N]}), the dtype policy (fp32 on CPU,
 * optional fp16 on CUDA) and PyTorch thread settings applied before DJL's engine starts.
 */
package dev.llmkit.inference.device;
