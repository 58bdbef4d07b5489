package dev.llmkit.server.retrieval.store;

import java.nio.file.Path;

/** Another process (a running server, another ingest) has the index open for writing. */
public final class StoreLockedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** For the locked index directory. */
  public StoreLockedException(Path directory) {
    super(
        "the document store in "
            + directory
            + " is open in another process (a running server or ingest); stop it or use"
            + " its HTTP API (POST /documents)");
  }
}
