package dev.llmkit.server.retrieval.ingest;

import dev.langchain4j.data.document.Metadata;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.llmkit.server.retrieval.RetrievalInputException;
import dev.llmkit.server.retrieval.store.MetadataCodec;
import dev.llmkit.server.retrieval.store.SegmentStore;
import dev.llmkit.server.retrieval.store.StoredDocument;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ingests documents: parse, split by model tokens, optionally tag entities, embed (batched), and
 * store the document with its segments in one commit.
 *
 * <p>Idempotent: a document id is the given one or {@code sha256-<first 32 hex of the text hash>};
 * ingesting the same id with the same text again does nothing ({@link
 * IngestResult.Status#UNCHANGED}), with new text it replaces every old segment.
 */
public final class Ingestor {

  private static final Logger LOG = LoggerFactory.getLogger(Ingestor.class);

  private final SegmentStore store;
  private final EmbeddingModel embeddings;
  private final Segmenter segmenter;
  private final EntityTagger tagger;

  private Ingestor(Builder b) {
    this.store = Objects.requireNonNull(b.store, "store");
    this.embeddings = Objects.requireNonNull(b.embeddings, "embeddings");
    this.segmenter = Objects.requireNonNull(b.segmenter, "segmenter");
    this.tagger = b.tagger;
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Ingests one document; when this returns, the document is committed.
   *
   * @throws DocumentFormatException if the bytes are not readable text of the declared type
   * @throws RetrievalInputException if the metadata uses a reserved key ({@link SegmentKeys})
   */
  public IngestResult ingest(IngestRequest request) {
    for (String key : request.metadata().toMap().keySet()) {
      if (SegmentKeys.RESERVED.contains(key)) {
        throw new RetrievalInputException("metadata key '" + key + "' is reserved");
      }
    }
    String text = DocumentParser.text(request.content(), request.type());
    String hash = sha256(text);
    String id = request.id() != null ? request.id() : "sha256-" + hash.substring(0, 32);
    StoredDocument existing = store.document(id);
    if (existing != null && existing.contentHash().equals(hash)) {
      return new IngestResult(id, IngestResult.Status.UNCHANGED, existing.segmentCount(), hash);
    }
    List<SegmentSpan> spans = segmenter.split(text);
    List<String> texts = spans.stream().map(SegmentSpan::text).toList();
    List<List<EntityTagger.TaggedEntity>> entities = tagger == null ? null : tagger.tag(texts);
    List<TextSegment> segments = new ArrayList<>(spans.size());
    List<String> ids = new ArrayList<>(spans.size());
    for (SegmentSpan span : spans) {
      Metadata m = request.metadata().copy();
      if (entities != null) {
        putEntities(m, entities.get(span.index()));
      }
      m.put(SegmentKeys.DOCUMENT_ID, id)
          .put(SegmentKeys.SEGMENT_INDEX, span.index())
          .put(SegmentKeys.START, span.start())
          .put(SegmentKeys.END, span.end())
          .put(SegmentKeys.START_CP, span.codePointStart())
          .put(SegmentKeys.END_CP, span.codePointEnd());
      segments.add(TextSegment.from(span.text(), m));
      ids.add(id + "#" + span.index());
    }
    List<Embedding> vectors = embeddings.embedAll(segments).content();
    String title =
        request.title() != null ? request.title() : request.metadata().getString("title");
    store.putDocument(
        new StoredDocument(
            id, title, request.type().mime(), hash, segments.size(), request.metadata()),
        ids,
        vectors,
        segments);
    LOG.debug("ingested {} ({} segments)", id, segments.size());
    return new IngestResult(
        id,
        existing == null ? IngestResult.Status.CREATED : IngestResult.Status.REPLACED,
        segments.size(),
        hash);
  }

  /** One key per entity type, the distinct entity texts joined (see {@link MetadataCodec}). */
  private void putEntities(Metadata m, List<EntityTagger.TaggedEntity> found) {
    Map<String, Set<String>> byType = new LinkedHashMap<>();
    for (EntityTagger.TaggedEntity e : found) {
      String word = e.text().strip();
      if (!word.isEmpty() && !word.contains(MetadataCodec.SEPARATOR)) {
        byType.computeIfAbsent(e.type(), k -> new LinkedHashSet<>()).add(word);
      }
    }
    for (Map.Entry<String, Set<String>> e : byType.entrySet()) {
      if (!store.isMultiValued(e.getKey())) {
        LOG.warn(
            "entity type {} is not a multi-valued key of the store: only whole-value filters match",
            e.getKey());
      }
      m.put(e.getKey(), MetadataCodec.join(List.copyOf(e.getValue())));
    }
  }

  static String sha256(String text) {
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(d.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Builder of an {@link Ingestor}. */
  public static final class Builder {
    private SegmentStore store;
    private EmbeddingModel embeddings;
    private Segmenter segmenter;
    private EntityTagger tagger;

    private Builder() {}

    /** The store (required). */
    public Builder store(SegmentStore store) {
      this.store = store;
      return this;
    }

    /** The embedding model (required); {@code embedAll} is called once per document. */
    public Builder embeddingModel(EmbeddingModel embeddings) {
      this.embeddings = embeddings;
      return this;
    }

    /** The segmenter (required). */
    public Builder segmenter(Segmenter segmenter) {
      this.segmenter = segmenter;
      return this;
    }

    /** Optional NER at ingest: entities become segment metadata, one key per type. */
    public Builder entityTagger(EntityTagger tagger) {
      this.tagger = tagger;
      return this;
    }

    /** Builds the ingestor. */
    public Ingestor build() {
      return new Ingestor(this);
    }
  }
}
