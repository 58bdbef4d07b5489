package dev.llmkit.server.config;

/**
 * Where and how {@code serve --documents} keeps documents: {@code retrieval.*} in the file, {@code
 * LLMKIT_RETRIEVAL_*} in the environment; the command's {@code --store}, {@code --data-dir}, {@code
 * --segment-tokens} and {@code --overlap-tokens} override them. PostgreSQL's connection is read
 * from {@code --pg-*} and {@code LLMKIT_PG_*}.
 *
 * @param store {@code lucene} (embedded) or {@code pgvector}
 * @param dataDir llmkit's data directory, or null for {@code $LLMKIT_HOME}, else {@code
 *     ~/.local/share/llmkit}
 * @param segmentTokens most model tokens per segment
 * @param overlapTokens tokens shared by consecutive segments
 */
public record RetrievalConfig(String store, String dataDir, int segmentTokens, int overlapTokens) {

  /** Lucene in the default data directory, segments of 200 tokens overlapping by 32. */
  public static RetrievalConfig defaults() {
    return new RetrievalConfig("lucene", null, 200, 32);
  }
}
