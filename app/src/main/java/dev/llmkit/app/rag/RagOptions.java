package dev.llmkit.app.rag;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.defaults.NoDefaultModelException;
import dev.llmkit.inference.minilm.AllMiniLmL6V2;
import dev.llmkit.inference.store.ModelStore;
import dev.llmkit.server.config.RetrievalConfig;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.retrieval.StoreKind;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Options shared by {@code ingest}, {@code ask} and {@code bench retrieval}. */
public final class RagOptions {

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "llmkit's data directory (default $LLMKIT_HOME, else ~/.local/share/llmkit).")
  Path dataDir;

  @Option(
      names = "--store",
      paramLabel = "KIND",
      description =
          "Document store: lucene (embedded, default) or pgvector (PostgreSQL, see --pg-*);"
              + " elasticsearch and opensearch are not available in this build.")
  StoreKind store; // null: the configured or default store

  @ArgGroup(
      validate = false,
      heading =
          "%nPostgreSQL with pgvector (--store pgvector; each flag falls back to its LLMKIT_PG_*"
              + " variable):%n")
  PgVectorOptions pg;

  @Option(
      names = "--embedding-model",
      paramLabel = "DIR",
      description = "Embedding model directory (default all-MiniLM-L6-v2, converted on first use).")
  Path embeddingModel;

  @Option(
      names = "--qa-model",
      paramLabel = "DIR",
      description =
          "Extractive QA model directory (BertForQuestionAnswering and family; default: the"
              + " bundled QA model).")
  Path qaModel;

  @Option(
      names = "--ner-model",
      paramLabel = "DIR",
      description = "Token-classification model: tag entities at ingest as segment metadata.")
  Path nerModel;

  @Option(
      names = "--segment-tokens",
      paramLabel = "N",
      description = "Most model tokens per segment (default 200).")
  Integer segmentTokens;

  @Option(
      names = "--overlap-tokens",
      paramLabel = "N",
      description = "Tokens shared by consecutive segments (default 32).")
  Integer overlapTokens;

  /** {@code embed.*} and {@code qa.*} settings of ingest and ask; null under serve and in tests. */
  private TaskConfig embedSettings;

  private TaskConfig qaSettings;

  /**
   * Applies the settings of {@code ingest} and {@code ask} ({@code --config} file, then {@code
   * LLMKIT_*} variables) under their flags: {@code retrieval.*} fills the retrieval options no flag
   * set, and {@code embed.model} and {@code qa.model}, with their {@code device} and {@code dtype},
   * name the models when {@code --embedding-model} and {@code --qa-model} are absent, so that the
   * commands embed and read with the models {@code serve} uses.
   */
  public void configure(ServerConfig settings) {
    fillFrom(settings.retrieval());
    embedSettings = settings.embed();
    qaSettings = settings.qa();
  }

  /**
   * Fills what no flag set from {@code retrieval.*} settings (file, then environment): flags win.
   * Without it the defaults of {@link RetrievalConfig#defaults()} apply.
   */
  public void fillFrom(RetrievalConfig config) {
    if (store == null) {
      store = StoreKind.parse(config.store());
    }
    if (dataDir == null && config.dataDir() != null) {
      dataDir = Path.of(config.dataDir());
    }
    if (segmentTokens == null) {
      segmentTokens = config.segmentTokens();
    }
    if (overlapTokens == null) {
      overlapTokens = config.overlapTokens();
    }
  }

  /** The document store: {@code --store}, else the configured or default one. */
  public StoreKind store() {
    return store != null ? store : StoreKind.parse(RetrievalConfig.defaults().store());
  }

  /** Most model tokens per segment. */
  public int segmentTokens() {
    return segmentTokens != null ? segmentTokens : RetrievalConfig.defaults().segmentTokens();
  }

  /** Tokens shared by consecutive segments. */
  public int overlapTokens() {
    return overlapTokens != null ? overlapTokens : RetrievalConfig.defaults().overlapTokens();
  }

  /** The configured {@code embed.*} settings (device, dtype), or null. */
  TaskConfig embedSettings() {
    return embedSettings;
  }

  /** The configured {@code qa.*} settings (device, dtype), or null. */
  TaskConfig qaSettings() {
    return qaSettings;
  }

  /** The {@code --pg-*} flags given (none when the group was not used). */
  public java.util.Map<dev.llmkit.server.retrieval.pgvector.PgVectorConfig.Option, String>
      pgFlags() {
    return pg == null ? java.util.Map.of() : pg.flags();
  }

  /** The embedding model directory given by {@code --embedding-model}, or null. */
  public Path embeddingModel() {
    return embeddingModel;
  }

  /** The QA model directory given by {@code --qa-model}, or null. */
  public Path qaModel() {
    return qaModel;
  }

  /**
   * The embedding model of ingest and ask: {@code --embedding-model}, else the configured {@code
   * embed.model} (a directory or a Hub id), else all-MiniLM-L6-v2.
   */
  Path embeddingModelOrDefault() {
    if (embeddingModel != null) {
      return embeddingModel;
    }
    if (embedSettings != null && embedSettings.enabled()) {
      return ModelStore.fromEnvironment().resolve(embedSettings.model());
    }
    return AllMiniLmL6V2.directory();
  }

  /**
   * {@code --qa-model}, else the configured {@code qa.model}, else the bundled default QA model,
   * else null when none is bundled.
   */
  public Path qaModelOrDefault() {
    if (qaModel != null) {
      return qaModel;
    }
    if (qaSettings != null && qaSettings.enabled()) {
      return ModelStore.fromEnvironment().resolve(qaSettings.model());
    }
    try {
      return DefaultModels.standard().directory(DefaultTask.QA);
    } catch (NoDefaultModelException e) {
      return null;
    }
  }
}
