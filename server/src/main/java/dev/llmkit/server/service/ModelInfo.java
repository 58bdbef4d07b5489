package dev.llmkit.server.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * Which model answers a task: shown by {@code GET /info} and in every response's {@code x-model-id}
 * / {@code x-model-revision} headers.
 *
 * @param id Hub id or local directory name
 * @param revision Hub revision or commit, or {@code "local"}
 * @param sha256 hex digest of the weights file, or null when unknown
 * @param dtype {@code float32}, {@code float16}, ...
 * @param device {@code cpu}, {@code cuda:0}, ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ModelInfo(String id, String revision, String sha256, String dtype, String device) {

  /** Requires an id and a revision. */
  public ModelInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(revision, "revision");
  }
}
