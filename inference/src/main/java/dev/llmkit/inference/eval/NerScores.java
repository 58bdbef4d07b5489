package dev.llmkit.inference.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Result of an entity-level NER evaluation, as conlleval reports it.
 *
 * @param overall micro-averaged scores over all entity types
 * @param perType scores per entity type, types in alphabetical order
 * @param tokenAccuracy fraction of tokens whose predicted tag equals the gold tag
 * @param tokens number of tokens evaluated
 * @param sentences number of sentences evaluated
 */
public record NerScores(
    EntityScores overall,
    Map<String, EntityScores> perType,
    double tokenAccuracy,
    long tokens,
    long sentences) {

  /** Copies the per-type map, keeping its order. */
  public NerScores {
    perType = Collections.unmodifiableMap(new LinkedHashMap<>(perType));
  }

  /** Renders the scores as JSON. */
  public String toJson() {
    return EvalJson.toJson(this);
  }
}
