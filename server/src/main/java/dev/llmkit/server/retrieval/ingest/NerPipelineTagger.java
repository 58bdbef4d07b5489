package dev.llmkit.server.retrieval.ingest;

import dev.llmkit.inference.ner.AggregationStrategy;
import dev.llmkit.inference.ner.Entity;
import dev.llmkit.inference.ner.NerOptions;
import dev.llmkit.inference.ner.NerPipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An {@link EntityTagger} over llmkit's {@link NerPipeline}, grouping tokens into entities with
 * Hugging Face's {@code aggregation_strategy="simple"}; all segments of a document in one batched
 * run.
 */
public final class NerPipelineTagger implements EntityTagger {

  private final NerPipeline pipeline;
  private final NerOptions options;

  /** Tags with {@code pipeline} (not closed here). */
  public NerPipelineTagger(NerPipeline pipeline) {
    this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
    this.options = NerOptions.builder().aggregationStrategy(AggregationStrategy.SIMPLE).build();
  }

  @Override
  public List<List<TaggedEntity>> tag(List<String> texts) {
    List<List<TaggedEntity>> out = new ArrayList<>(texts.size());
    List<List<Entity>> found = pipeline.run(texts, options);
    for (int i = 0; i < texts.size(); i++) {
      List<TaggedEntity> one = new ArrayList<>();
      for (Entity e : found.get(i)) {
        // The span of the original text, not the tokenizer's decoding of it.
        one.add(new TaggedEntity(e.entity(), texts.get(i).substring(e.utf16Start(), e.utf16End())));
      }
      out.add(one);
    }
    return out;
  }
}
