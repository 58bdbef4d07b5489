package dev.llmkit.app.ner;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.llmkit.inference.ner.Entity;
import java.util.List;

/**
 * The Hugging Face token-classification shapes: {@code {entity, score, index, word, start, end}}
 * per token without aggregation, {@code {entity_group, score, word, start, end}} per group with
 * one; {@code start/end} in code points, plus {@code utf16_start/utf16_end}.
 */
final class NerJson {

  private NerJson() {}

  /** One token ({@code --aggregation none}). */
  @JsonPropertyOrder({
    "entity",
    "score",
    "index",
    "word",
    "start",
    "end",
    "utf16_start",
    "utf16_end"
  })
  record TokenEntity(
      String entity,
      double score,
      int index,
      String word,
      int start,
      int end,
      @JsonProperty("utf16_start") int utf16Start,
      @JsonProperty("utf16_end") int utf16End) {}

  /** One group of tokens (any other aggregation). */
  @JsonPropertyOrder({"entity_group", "score", "word", "start", "end", "utf16_start", "utf16_end"})
  record EntityGroup(
      @JsonProperty("entity_group") String entityGroup,
      double score,
      String word,
      int start,
      int end,
      @JsonProperty("utf16_start") int utf16Start,
      @JsonProperty("utf16_end") int utf16End) {}

  /** The JSON object of one entity: a {@link TokenEntity} or an {@link EntityGroup}. */
  static Object of(Entity e) {
    if (e.isGroup()) {
      return new EntityGroup(
          e.entity(), e.score(), e.word(), e.start(), e.end(), e.utf16Start(), e.utf16End());
    }
    return new TokenEntity(
        e.entity(),
        e.score(),
        e.index().getAsInt(),
        e.word(),
        e.start(),
        e.end(),
        e.utf16Start(),
        e.utf16End());
  }

  /** The JSON list of one text's entities. */
  static List<Object> of(List<Entity> entities) {
    return entities.stream().map(NerJson::of).toList();
  }
}
