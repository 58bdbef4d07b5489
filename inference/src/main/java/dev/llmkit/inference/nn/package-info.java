/**
 * Differentiable building blocks on DJL NDArray ops shared by every model family: {@link
 * dev.llmkit.inference.nn.Linear}, {@link dev.llmkit.inference.nn.LayerNorm}, {@link
 * dev.llmkit.inference.nn.Embedding}, {@link dev.llmkit.inference.nn.Activation}, {@link
 * dev.llmkit.inference.nn.Attention}, and the named weight holder {@link
 * dev.llmkit.inference.nn.Parameters}.
 *
 * <p>Rule of the package: every op's first operand is request-scoped (the input), so results land
 * in the request's manager and never in the long-lived weights' manager; constants are arrays in
 * the input's manager, never Java scalars, so autograd stays sound.
 */
package dev.llmkit.inference.nn;
