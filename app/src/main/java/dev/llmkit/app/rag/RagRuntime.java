package dev.llmkit.app.rag;

import ai.djl.ndarray.NDManager;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.QuestionAnswerer;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.qa.QaOptions;
import dev.llmkit.inference.qa.QaPipeline;
import dev.llmkit.server.retrieval.DataDirectory;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.StoreKind;
import dev.llmkit.server.retrieval.ingest.NerPipelineTagger;
import dev.llmkit.server.retrieval.langchain.LlmkitEmbeddingModel;
import dev.llmkit.server.retrieval.pgvector.PgVectorConfig;
import dev.llmkit.server.retrieval.pgvector.PgVectorSettings;
import dev.llmkit.server.retrieval.qa.QaPipelineReader;
import dev.llmkit.tokenization.Tokenizer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The models and the retrieval service behind {@code ingest}, {@code ask} and {@code bench
 * retrieval}: the embedding model (MiniLM by default) with its tokenizer, an optional QA reader and
 * an optional NER tagger, all freed on {@link #close()}.
 */
public final class RagRuntime implements AutoCloseable {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RetrievalService service;

  private CachingEmbeddingModel cache;

  /** Loads the models the options name and opens the store in {@code dataDir}. */
  public RagRuntime(RagOptions options, Path qaModel, boolean withNer) {
    this(options, qaModel, withNer, false, System.getenv());
  }

  /** As above, with the environment that {@code LLMKIT_PG_*} settings are read from. */
  public RagRuntime(
      RagOptions options, Path qaModel, boolean withNer, Map<String, String> environment) {
    this(options, qaModel, withNer, false, environment);
  }

  /** As above; {@code cacheEmbeddings} memoizes embeddings by text (for benchmarks). */
  RagRuntime(RagOptions options, Path qaModel, boolean withNer, boolean cacheEmbeddings) {
    this(options, qaModel, withNer, cacheEmbeddings, System.getenv());
  }

  private RagRuntime(
      RagOptions options,
      Path qaModel,
      boolean withNer,
      boolean cacheEmbeddings,
      Map<String, String> environment) {
    StoreKind kind = options.store;
    RetrievalService.requireAvailable(kind);
    // Settings are checked before any model loads; the connection opens with the store.
    PgVectorSettings pg =
        kind == StoreKind.PGVECTOR ? PgVectorConfig.resolve(options.pgFlags(), environment) : null;
    NDManager base = track(NDManager.newBaseManager());
    try {
      Path embedDir =
          options.embeddingModel != null ? options.embeddingModel : AllMiniLmL6V2.directory();
      Tokenizer embedTokenizer = track(Tokenizer.fromDirectory(embedDir));
      Encoder encoder = track(EncoderModels.loadEncoder(embedDir, base));
      EmbeddingPipeline embed =
          track(
              EmbeddingPipeline.builder()
                  .model(encoder)
                  .tokenizer(embedTokenizer)
                  .manager(base)
                  .build());
      dev.langchain4j.model.embedding.EmbeddingModel model =
          LlmkitEmbeddingModel.builder()
              .pipeline(embed)
              .dimension(encoder.hiddenSize())
              .modelName(embedDir.getFileName().toString())
              .build();
      if (cacheEmbeddings) {
        cache = new CachingEmbeddingModel(model);
        model = cache;
      }
      RetrievalService.Builder b =
          RetrievalService.builder()
              .storeKind(kind)
              .pgVector(pg)
              .dataDirectory(DataDirectory.resolve(options.dataDir))
              .embeddingModel(model)
              .tokenizer(embedTokenizer)
              .segmentTokens(options.segmentTokens, options.overlapTokens);
      if (qaModel != null) {
        Tokenizer qaTokenizer = track(Tokenizer.fromDirectory(qaModel));
        QuestionAnswerer qa = track(EncoderModels.loadQuestionAnswerer(qaModel, base));
        QaPipeline pipeline =
            track(QaPipeline.builder().model(qa).tokenizer(qaTokenizer).manager(base).build());
        b.reader(new QaPipelineReader(pipeline, QaOptions.defaults()));
      }
      if (withNer && options.nerModel != null) {
        Tokenizer nerTokenizer = track(Tokenizer.fromDirectory(options.nerModel));
        TokenClassifier ner = track(EncoderModels.loadTokenClassifier(options.nerModel, base));
        NerPipeline pipeline =
            track(NerPipeline.builder().model(ner).tokenizer(nerTokenizer).manager(base).build());
        b.entityTagger(new NerPipelineTagger(pipeline));
      }
      this.service = track(b.build());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The embedding cache, or null. */
  CachingEmbeddingModel cache() {
    return cache;
  }

  /** The retrieval service. */
  public RetrievalService service() {
    return service;
  }

  private <T extends AutoCloseable> T track(T resource) {
    resources.add(resource);
    return resource;
  }

  /** Closes the store, then the pipelines and models, then the native memory. */
  @Override
  public void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        org.slf4j.LoggerFactory.getLogger(RagRuntime.class).warn("close failed", e);
      }
    }
    resources.clear();
  }
}
