package dev.llmkit.server.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Token classification (named entities). */
public interface NerService extends ModelService {

  /**
   * The entities of each text, in order. Cancelling the future should drop work not yet started.
   */
  CompletableFuture<List<List<NerEntity>>> recognize(List<String> texts, NerParameters parameters);
}
