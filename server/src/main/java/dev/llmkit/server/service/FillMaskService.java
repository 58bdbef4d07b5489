package dev.llmkit.server.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Fill-mask: the most probable tokens for each mask token of a text. */
public interface FillMaskService extends ModelService {

  /** The mask token as clients write it ({@code [MASK]}), named in error messages. */
  String maskToken();

  /**
   * The candidates of each text, in order: per text, one list per mask (in text order), each sorted
   * by score. Cancelling the future should drop work not yet started.
   *
   * @throws InvalidInputException (or fails the future with it) when a text has no mask token or no
   *     target is a token
   */
  CompletableFuture<List<List<List<FillMaskToken>>>> fill(
      List<String> texts, FillMaskParameters parameters);
}
