package dev.llmkit.app.rag;

import dev.llmkit.inference.device.Placement;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.TokenClassifier;
import dev.llmkit.inference.ner.NerPipeline;
import dev.llmkit.inference.runtime.LoadedModel;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.config.TooLongPolicy;
import dev.llmkit.server.pipeline.PipelineLoader;
import dev.llmkit.server.retrieval.DataDirectory;
import dev.llmkit.server.retrieval.RetrievalService;
import dev.llmkit.server.retrieval.StoreKind;
import dev.llmkit.server.retrieval.ingest.NerPipelineTagger;
import dev.llmkit.server.retrieval.langchain.ServiceEmbeddingModel;
import dev.llmkit.server.retrieval.pgvector.PgVectorConfig;
import dev.llmkit.server.retrieval.pgvector.PgVectorSettings;
import dev.llmkit.server.retrieval.qa.ServiceQaReader;
import dev.llmkit.server.service.EmbeddingService;
import dev.llmkit.server.service.QaService;
import dev.llmkit.tokenization.Tokenizer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The retrieval service behind {@code serve --documents}, {@code ingest}, {@code ask} and {@code
 * bench retrieval}. Documents and questions are embedded and read through the task services ({@link
 * EmbeddingService}, {@link QaService}), the same that serve {@code /embed} and {@code /qa}: under
 * {@code serve} the server's own, so each model is held once per process; for the commands,
 * services loaded here by {@link PipelineLoader}, the server's one loader. An optional NER tagger
 * labels ingested segments. Everything loaded here is freed on {@link #close()}.
 */
public final class RagRuntime implements AutoCloseable {

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final RetrievalService service;

  private CachingEmbeddingModel cache;

  /** Loads the services the options name and opens the store in {@code dataDir}. */
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
    PgVectorSettings pg = checkStore(options, environment);
    try {
      Path embedDir = options.embeddingModelOrDefault();
      var registry = new SimpleMeterRegistry();
      EmbeddingService embed =
          track(
              PipelineLoader.embeddings(
                  task(embedDir, TooLongPolicy.TRUNCATE, options.embedSettings()), registry));
      QaService qa =
          qaModel == null
              ? null
              : track(
                  PipelineLoader.qa(
                      task(qaModel, TooLongPolicy.CHUNK, options.qaSettings()), registry));
      this.service =
          build(
              options,
              pg,
              embedDir,
              () -> embed,
              qa == null ? null : () -> qa,
              withNer,
              cacheEmbeddings);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private RagRuntime(
      RagOptions options,
      Map<String, String> environment,
      Path embeddingModel,
      Supplier<? extends EmbeddingService> embed,
      Supplier<? extends QaService> qa,
      boolean withNer) {
    PgVectorSettings pg = checkStore(options, environment);
    try {
      this.service = build(options, pg, embeddingModel, embed, qa, withNer, false);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * Retrieval over a server's own services ({@code serve --documents}): no second copy of the
   * embedding or QA model.
   *
   * @param embeddingModel the directory of the model behind {@code embed}: its tokenizer cuts
   *     documents into segments, and its name is stored beside the vectors
   * @param qa the reader's service, or null for retrieval without answers
   */
  public static RagRuntime overServices(
      RagOptions options,
      Map<String, String> environment,
      Path embeddingModel,
      Supplier<? extends EmbeddingService> embed,
      Supplier<? extends QaService> qa) {
    return new RagRuntime(options, environment, embeddingModel, embed, qa, true);
  }

  private static PgVectorSettings checkStore(RagOptions options, Map<String, String> environment) {
    StoreKind kind = options.store();
    RetrievalService.requireAvailable(kind);
    // Settings are checked before any model loads; the connection opens with the store.
    return kind == StoreKind.PGVECTOR
        ? PgVectorConfig.resolve(options.pgFlags(), environment)
        : null;
  }

  /**
   * A local model as a task with the server's default limits, on the configured device and dtype
   * (default: a GPU when one is visible, float32).
   */
  private static TaskConfig task(Path model, TooLongPolicy policy, TaskConfig configured) {
    TaskConfig d = TaskConfig.defaults(policy, 120_000);
    return new TaskConfig(
        model.toString(),
        null,
        configured == null ? d.device() : configured.device(),
        configured == null ? d.dtype() : configured.dtype(),
        d.maxInputTokens(),
        d.onTooLong(),
        d.maxRequestTokens(),
        d.timeoutMs(),
        d.maxBatchTokens(),
        d.maxBatchSize(),
        d.maxWaitMs(),
        d.maxQueueSize());
  }

  private RetrievalService build(
      RagOptions options,
      PgVectorSettings pg,
      Path embedDir,
      Supplier<? extends EmbeddingService> embed,
      Supplier<? extends QaService> qa,
      boolean withNer,
      boolean cacheEmbeddings) {
    dev.langchain4j.model.embedding.EmbeddingModel model =
        new ServiceEmbeddingModel(embed, embedDir.getFileName().toString());
    if (cacheEmbeddings) {
      cache = new CachingEmbeddingModel(model);
      model = cache;
    }
    RetrievalService.Builder b =
        RetrievalService.builder()
            .storeKind(options.store())
            .pgVector(pg)
            .dataDirectory(DataDirectory.resolve(options.dataDir))
            .embeddingModel(model)
            .tokenizer(track(Tokenizer.fromDirectory(embedDir)))
            .segmentTokens(options.segmentTokens(), options.overlapTokens());
    if (qa != null) {
      b.reader(new ServiceQaReader(qa));
    }
    if (withNer && options.nerModel != null) {
      LoadedModel<TokenClassifier> ner =
          track(
              LoadedModel.load(
                  options.nerModel, Placement.cpu(), EncoderModels::loadTokenClassifier));
      NerPipeline pipeline =
          track(
              NerPipeline.builder()
                  .model(ner.model())
                  .tokenizer(ner.tokenizer())
                  .manager(ner.manager())
                  .build());
      b.entityTagger(new NerPipelineTagger(pipeline));
    }
    return track(b.build());
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

  /** Closes the store, then the services and models, then the native memory. */
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
