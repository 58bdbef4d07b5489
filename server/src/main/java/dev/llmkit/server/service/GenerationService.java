package dev.llmkit.server.service;

import java.util.concurrent.CompletableFuture;

/** Causal language-model text generation. */
public interface GenerationService extends ModelService {

  /**
   * Generates a continuation of {@code prompt}, reporting each token to {@code listener}.
   *
   * <p>Cancelling the returned future must stop the generation at the next step: the server cancels
   * it when a streaming client disconnects or a deadline passes.
   */
  CompletableFuture<Generation> generate(
      String prompt, GenerationParameters parameters, TokenListener listener);

  /** The model's decoding defaults, used for the parameters a request leaves out. */
  default GenerationParameters.Defaults defaults() {
    return GenerationParameters.Defaults.NONE;
  }
}
