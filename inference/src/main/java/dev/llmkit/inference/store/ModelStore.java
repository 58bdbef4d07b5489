package dev.llmkit.inference.store;

import dev.llmkit.inference.pretrained.NamedModels;
import dev.llmkit.inference.store.HubClient.FileMetadata;
import dev.llmkit.inference.store.HubClient.RepoInfo;
import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@code --model} value into a local model directory.
 *
 * <p>A directory is returned as is. A Hub id {@code org/name[@revision]} is looked up in the
 * Hugging Face cache and downloaded into it when missing, file by file as {@code snapshot_download}
 * does: the revision is resolved to a commit with the model-info API, the files llmkit needs are
 * picked ({@link FileSelection}), each one's etag comes from a HEAD of its resolve URL, its bytes
 * go to {@code blobs/<etag>.incomplete} (resumed with {@code Range}), LFS files are checked against
 * their sha256 etag, and {@code snapshots/<commit>/<file>} links to the blob.
 *
 * <p>With {@code HF_HUB_OFFLINE=1}, or when the Hub is unreachable, only the cache is used.
 *
 * <pre>{@code
 * ModelStore store = ModelStore.builder()
 *     .settings(HubSettings.fromEnvironment())
 *     .listener(new ConsoleProgressBar(stderr))
 *     .build();
 * Path dir = store.resolve("sentence-transformers/all-MiniLM-L6-v2@main");
 * }</pre>
 */
public final class ModelStore {

  private static final Logger LOG = LoggerFactory.getLogger(ModelStore.class);
  private static final ConcurrentHashMap<Path, Object> BLOB_LOCKS = new ConcurrentHashMap<>();

  private final HubSettings settings;
  private final HfCacheLayout cache;
  private final HubClient hub;
  private final DownloadListener listener;

  private ModelStore(Builder b) {
    this.settings = b.settings != null ? b.settings : HubSettings.fromEnvironment();
    this.cache = new HfCacheLayout(settings.hubCache());
    this.hub =
        new HubClient(
            settings, b.httpClient != null ? b.httpClient : HubClient.defaultHttpClient());
    this.listener = b.listener != null ? b.listener : DownloadListener.NONE;
  }

  /**
   * @return a builder; without settings it reads the environment
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * @return a store configured from the {@code HF_*} environment variables
   */
  public static ModelStore fromEnvironment() {
    return builder().build();
  }

  /**
   * @return the settings in use
   */
  public HubSettings settings() {
    return settings;
  }

  /**
   * @return the cache layout in use
   */
  public HfCacheLayout cache() {
    return cache;
  }

  /**
   * Resolves a {@code --model} value.
   *
   * @param model a directory or {@code org/name[@revision]}
   * @return a directory holding {@code config.json}, tokenizer files and weights
   * @throws ModelStoreException with a {@link Reason} when it cannot
   */
  public Path resolve(String model) {
    ModelRef ref = ModelRef.parse(model);
    if (ref instanceof ModelRef.Hub) {
      Optional<Path> named = NamedModels.find(model);
      if (named.isPresent()) {
        return named.get();
      }
    }
    try {
      return resolve(ref);
    } catch (ModelStoreException e) {
      if (ref instanceof ModelRef.Hub && e.reason() != Reason.INTEGRITY && looksLikePath(model)) {
        throw new ModelStoreException(
            e.reason(),
            e.getMessage() + " (there is no local directory '" + model + "' either)",
            e);
      }
      throw e;
    }
  }

  /** A Hub id that could also be a mistyped relative path, e.g. {@code models/bert}. */
  private static boolean looksLikePath(String model) {
    return !model.contains("@") && model.contains("/");
  }

  /**
   * Resolves a parsed reference.
   *
   * @param ref a local directory or a Hub repo at a revision
   * @return the model directory
   */
  public Path resolve(ModelRef ref) {
    if (ref instanceof ModelRef.Local local) {
      return local.directory();
    }
    return resolveHub((ModelRef.Hub) ref);
  }

  private Path resolveHub(ModelRef.Hub ref) {
    if (settings.offline()) {
      return fromCache(ref, "HF_HUB_OFFLINE is set", null);
    }
    RepoInfo info;
    try {
      info = hub.repoInfo(ref.repo(), ref.revision());
    } catch (ModelStoreException e) {
      if (e.reason() != Reason.TRANSFER) {
        throw e;
      }
      // As snapshot_download: an unreachable Hub falls back to what the cache already has.
      LOG.warn("Hub unreachable ({}); trying the local cache for {}", e.getMessage(), ref);
      return fromCache(ref, "the Hub is unreachable", e);
    }
    List<String> files = FileSelection.select(info.files());
    if (files.stream().noneMatch(f -> f.equals("config.json"))) {
      throw new ModelStoreException(
          Reason.NOT_FOUND,
          ref + " has no config.json; is it a transformers model? Files: " + info.files());
    }
    for (String file : files) {
      fetch(ref.repo(), info.sha(), file);
    }
    cache.writeRef(ref.repo(), ref.revision(), info.sha());
    return cache.snapshotDir(ref.repo(), info.sha());
  }

  private Path fromCache(ModelRef.Hub ref, String why, Exception cause) {
    Path snapshot =
        cache
            .cachedSnapshot(ref.repo(), ref.revision())
            .orElseThrow(
                () ->
                    new ModelStoreException(
                        Reason.NOT_IN_CACHE,
                        "model "
                            + ref
                            + " is not in the Hugging Face cache ("
                            + cache.repoDir(ref.repo())
                            + ") and "
                            + why
                            + "; download it once online, or pass a local directory",
                        cause));
    if (!Files.isRegularFile(snapshot.resolve("config.json"))) {
      throw new ModelStoreException(
          Reason.NOT_IN_CACHE,
          "cached snapshot " + snapshot + " of " + ref + " has no config.json and " + why,
          cause);
    }
    LOG.debug("{} resolved from cache: {}", ref, snapshot);
    return snapshot;
  }

  /** {@code hf_hub_download} for one file at a known commit. */
  private void fetch(RepoId repo, String commit, String file) {
    Path pointer = cache.snapshotFile(repo, commit, file);
    if (Files.isRegularFile(pointer)) { // follows the symlink: the blob is there too
      return;
    }
    FileMetadata meta = hub.fileMetadata(repo, commit, file);
    if (!meta.commit().equals(commit)) {
      LOG.debug("{}/{}: HEAD reports commit {} for {}", repo, file, meta.commit(), commit);
    }
    Path blob = cache.blob(repo, meta.etag());
    synchronized (BLOB_LOCKS.computeIfAbsent(blob.toAbsolutePath(), p -> new Object())) {
      withFileLock(
          cache.lockFile(repo, meta.etag()),
          () -> {
            if (!Files.isRegularFile(blob)) {
              download(repo, file, meta, blob);
            }
          });
    }
    cache.link(repo, commit, file, meta.etag());
  }

  private void download(RepoId repo, String file, FileMetadata meta, Path blob) {
    Path incomplete = cache.incompleteBlob(repo, meta.etag());
    try {
      Files.createDirectories(blob.getParent());
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot create " + blob.getParent(), e);
    }
    LOG.info("downloading {}/{} ({} bytes)", repo, file, meta.size());
    hub.download(repo, file, meta, incomplete, listener);
    if (meta.isSha256()) {
      String actual = sha256(incomplete);
      if (!actual.equals(meta.etag())) {
        deleteQuietly(incomplete);
        throw new ModelStoreException(
            Reason.INTEGRITY,
            "checksum mismatch for "
                + repo
                + "/"
                + file
                + ": expected sha256 "
                + meta.etag()
                + ", got "
                + actual
                + "; the corrupt download was deleted, run again to retry");
      }
    }
    try {
      Files.move(incomplete, blob, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ModelStoreException(
          Reason.CACHE_IO, "cannot move " + incomplete + " to " + blob, e);
    }
    listener.finished(file);
  }

  private static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n; (n = in.read(buffer)) >= 0; ) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Cross-process lock at the path {@code huggingface_hub} uses for the same blob. */
  private static void withFileLock(Path lockFile, Runnable action) {
    try {
      Files.createDirectories(lockFile.getParent());
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock lock = channel.lock()) {
        Objects.requireNonNull(lock);
        action.run();
      }
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot lock " + lockFile, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("cannot delete {}", file, e);
    }
  }

  /** LangChain4j-style builder. */
  public static final class Builder {
    private HubSettings settings;
    private HttpClient httpClient;
    private DownloadListener listener;

    private Builder() {}

    /**
     * @param settings cache location, endpoint, token and offline flag (default: from the
     *     environment)
     * @return this builder
     */
    public Builder settings(HubSettings settings) {
      this.settings = settings;
      return this;
    }

    /**
     * @param httpClient a client that must not follow redirects itself (default: one that does not)
     * @return this builder
     */
    public Builder httpClient(HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /**
     * @param listener download progress (default: none)
     * @return this builder
     */
    public Builder listener(DownloadListener listener) {
      this.listener = listener;
      return this;
    }

    /**
     * @return the store
     */
    public ModelStore build() {
      return new ModelStore(this);
    }
  }
}
