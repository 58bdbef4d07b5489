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

  /**
   * Renders the scores as JSON in the shape of {@code evaluate.load("seqeval").compute(...)}: one
   * object per entity type ({@code precision}, {@code recall}, {@code f1}, {@code number} = gold
   * entities, plus {@code predicted} and {@code correct}), then {@code overall_precision}, {@code
   * overall_recall}, {@code overall_f1} and {@code overall_accuracy} (token accuracy), then the
   * {@code tokens} and {@code sentences} counted.
   */
  public String toJson() {
    Map<String, Object> out = new LinkedHashMap<>();
    perType.forEach(
        (type, s) -> {
          Map<String, Object> scores = new LinkedHashMap<>();
          scores.put("precision", s.precision());
          scores.put("recall", s.recall());
          scores.put("f1", s.f1());
          scores.put("number", s.gold());
          scores.put("predicted", s.predicted());
          scores.put("correct", s.correct());
          out.put(type, scores);
        });
    out.put("overall_precision", overall.precision());
    out.put("overall_recall", overall.recall());
    out.put("overall_f1", overall.f1());
    out.put("overall_accuracy", tokenAccuracy);
    out.put("tokens", tokens);
    out.put("sentences", sentences);
    return EvalJson.toJson(out);
  }
}
