package dev.llmkit.server.retrieval.ingest;

import java.util.List;

/** Named-entity recognition at ingest: the entities of each segment, in order. */
@FunctionalInterface
public interface EntityTagger {

  /**
   * An entity found in a segment.
   *
   * @param type the entity group ({@code ORG}, {@code PER}, ...)
   * @param text the entity's text
   */
  record TaggedEntity(String type, String text) {}

  /** One list of entities per text, in order; called once per document with all its segments. */
  List<List<TaggedEntity>> tag(List<String> texts);
}
