package dev.llmkit.server.retrieval.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;

/** One Lucene index: a writer that commits every change, and near-real-time searchers. */
final class LuceneIndex implements Closeable {

  /** A change applied to the writer. */
  interface Change {
    void apply(IndexWriter writer) throws IOException;
  }

  /** A read against a searcher. */
  interface Read<T> {
    T apply(IndexSearcher searcher) throws IOException;
  }

  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private boolean closed;

  private LuceneIndex(FSDirectory directory, IndexWriter writer) throws IOException {
    this.directory = directory;
    this.writer = writer;
    this.searchers = new SearcherManager(writer, null);
  }

  static LuceneIndex open(Path path, Analyzer analyzer) {
    FSDirectory dir = null;
    try {
      Files.createDirectories(path);
      dir = FSDirectory.open(path);
      IndexWriterConfig config =
          new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
      IndexWriter writer = new IndexWriter(dir, config);
      writer.commit(); // a fresh index has a first commit, so readers can always open it
      return new LuceneIndex(dir, writer);
    } catch (LockObtainFailedException e) {
      closeQuietly(dir);
      throw new StoreLockedException(path);
    } catch (IOException e) {
      closeQuietly(dir);
      throw new UncheckedIOException("cannot open the index in " + path, e);
    }
  }

  /** Applies a change and commits it (fsync) before returning; rolls back nothing on failure. */
  synchronized void write(Change change) {
    try {
      change.apply(writer);
      writer.commit();
      searchers.maybeRefreshBlocking();
    } catch (IOException e) {
      throw new UncheckedIOException("index write failed", e);
    }
  }

  <T> T read(Read<T> read) {
    try {
      IndexSearcher s = searchers.acquire();
      try {
        return read.apply(s);
      } finally {
        searchers.release(s);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("index read failed", e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      searchers.close();
      writer.close();
    } finally {
      directory.close();
    }
  }

  private static void closeQuietly(FSDirectory dir) {
    if (dir != null) {
      try {
        dir.close();
      } catch (IOException ignored) {
        // already failing with a better error
      }
    }
  }
}
