package dev.llmkit.app.rag;

import dev.llmkit.inference.defaults.DefaultModels;
import dev.llmkit.inference.defaults.DefaultTask;
import dev.llmkit.inference.defaults.NoDefaultModelException;
import dev.llmkit.server.config.RetrievalConfig;
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

  /** {@code --qa-model}, else the bundled default QA model, else null when none is bundled. */
  public Path qaModelOrDefault() {
    if (qaModel != null) {
      return qaModel;
    }
    try {
      return DefaultModels.standard().directory(DefaultTask.QA);
    } catch (NoDefaultModelException e) {
      return null;
    }
  }
}
