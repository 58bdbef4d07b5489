package dev.llmkit.inference.store;

/**
 * Progress of file downloads, e.g. to draw a progress bar. Callbacks run on the downloading thread;
 * keep them cheap.
 */
public interface DownloadListener {

  /** Ignores every event. */
  DownloadListener NONE = new DownloadListener() {};

  /**
   * A download starts (or resumes).
   *
   * @param file the repo-relative file name
   * @param totalBytes the file size, or -1 when the Hub did not say
   * @param resumedFrom bytes already on disk from an interrupted download
   */
  default void started(String file, long totalBytes, long resumedFrom) {}

  /**
   * More bytes arrived.
   *
   * @param file the repo-relative file name
   * @param bytesDone bytes on disk so far, including resumed ones
   * @param totalBytes the file size, or -1 when unknown
   */
  default void progressed(String file, long bytesDone, long totalBytes) {}

  /**
   * The file is complete and verified.
   *
   * @param file the repo-relative file name
   */
  default void finished(String file) {}
}
