package dev.llmkit.inference.store;

import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code huggingface_hub} cache layout under {@code HF_HUB_CACHE}:
 *
 * <pre>
 * models--org--name/
 *   blobs/&lt;etag&gt;                       file contents, named by git-sha1 or LFS sha256
 *   blobs/&lt;etag&gt;.incomplete            a download in progress (resumable)
 *   refs/&lt;revision&gt;                    the commit sha a branch or tag pointed to
 *   snapshots/&lt;commit&gt;/&lt;file&gt;          relative symlink to ../../blobs/&lt;etag&gt;
 * .locks/models--org--name/&lt;etag&gt;.lock
 * </pre>
 *
 * Every name that comes from the network (file names, etags, revisions) is validated before it
 * becomes a path, so a hostile server cannot write outside the repo folder.
 */
public final class HfCacheLayout {

  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern ETAG = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

  private final Path hubCache;

  /**
   * @param hubCache the cache root ({@code HF_HUB_CACHE})
   */
  public HfCacheLayout(Path hubCache) {
    this.hubCache = Objects.requireNonNull(hubCache, "hubCache");
  }

  /**
   * @return the cache root
   */
  public Path root() {
    return hubCache;
  }

  /**
   * @param text candidate revision
   * @return whether it is a full 40-hex commit sha, as {@code REGEX_COMMIT_HASH}
   */
  public static boolean isCommitHash(String text) {
    return text != null && COMMIT.matcher(text).matches();
  }

  /**
   * @param repo the repository
   * @return {@code <cache>/models--org--name}
   */
  public Path repoDir(RepoId repo) {
    return hubCache.resolve(repo.cacheFolderName());
  }

  /**
   * @param repo the repository
   * @param etag the normalised etag
   * @return {@code blobs/<etag>}
   */
  public Path blob(RepoId repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(checkEtag(etag));
  }

  /**
   * @param repo the repository
   * @param etag the normalised etag
   * @return {@code blobs/<etag>.incomplete}
   */
  public Path incompleteBlob(RepoId repo, String etag) {
    return repoDir(repo).resolve("blobs").resolve(checkEtag(etag) + ".incomplete");
  }

  /**
   * @param repo the repository
   * @param etag the normalised etag
   * @return {@code <cache>/.locks/models--org--name/<etag>.lock}
   */
  public Path lockFile(RepoId repo, String etag) {
    return hubCache
        .resolve(".locks")
        .resolve(repo.cacheFolderName())
        .resolve(checkEtag(etag) + ".lock");
  }

  /**
   * @param repo the repository
   * @param commit a 40-hex commit sha
   * @return {@code snapshots/<commit>}
   */
  public Path snapshotDir(RepoId repo, String commit) {
    if (!isCommitHash(commit)) {
      throw new ModelStoreException(
          Reason.TRANSFER, "expected a 40-hex commit sha for " + repo + ", got '" + commit + "'");
    }
    return repoDir(repo).resolve("snapshots").resolve(commit);
  }

  /**
   * @param repo the repository
   * @param commit a 40-hex commit sha
   * @param filename a repo-relative file name such as {@code 1_Pooling/config.json}
   * @return {@code snapshots/<commit>/<filename>}
   */
  public Path snapshotFile(RepoId repo, String commit, String filename) {
    return snapshotDir(repo, commit).resolve(checkFilename(filename));
  }

  /**
   * Reads {@code refs/<revision>}.
   *
   * @param repo the repository
   * @param revision a branch or tag
   * @return the commit sha it pointed to when last fetched
   */
  public Optional<String> readRef(RepoId repo, String revision) {
    Path ref = refFile(repo, revision);
    if (!Files.isRegularFile(ref)) {
      return Optional.empty();
    }
    try {
      String commit = Files.readString(ref, StandardCharsets.UTF_8).strip();
      return isCommitHash(commit) ? Optional.of(commit) : Optional.empty();
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot read " + ref, e);
    }
  }

  /**
   * Writes {@code refs/<revision>} (no trailing newline, as {@code huggingface_hub}).
   *
   * @param repo the repository
   * @param revision a branch or tag
   * @param commit the commit sha it points to now
   */
  public void writeRef(RepoId repo, String revision, String commit) {
    if (revision.equals(commit)) {
      return;
    }
    Path ref = refFile(repo, revision);
    try {
      Files.createDirectories(ref.getParent());
      Path tmp = Files.createTempFile(ref.getParent(), ".ref", ".tmp");
      Files.writeString(tmp, commit, StandardCharsets.UTF_8);
      Files.move(tmp, ref, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot write " + ref, e);
    }
  }

  /**
   * The commit a revision resolves to without network: itself if it is a sha, else its ref.
   *
   * @param repo the repository
   * @param revision a branch, tag or sha
   * @return the commit, if known locally
   */
  public Optional<String> cachedCommit(RepoId repo, String revision) {
    return isCommitHash(revision) ? Optional.of(revision) : readRef(repo, revision);
  }

  /**
   * The cached snapshot folder of a revision, if one exists.
   *
   * @param repo the repository
   * @param revision a branch, tag or sha
   * @return {@code snapshots/<commit>} when present on disk
   */
  public Optional<Path> cachedSnapshot(RepoId repo, String revision) {
    return cachedCommit(repo, revision)
        .map(commit -> snapshotDir(repo, commit))
        .filter(Files::isDirectory);
  }

  /**
   * Points {@code snapshots/<commit>/<filename>} at {@code blobs/<etag>} with a relative symlink,
   * as {@code _create_symlink} does; copies where the file system has no symlinks.
   *
   * @param repo the repository
   * @param commit the commit sha
   * @param filename the repo-relative file name
   * @param etag the blob's etag
   * @return the snapshot file
   */
  public Path link(RepoId repo, String commit, String filename, String etag) {
    Path pointer = snapshotFile(repo, commit, filename);
    Path blob = blob(repo, etag);
    try {
      Files.createDirectories(pointer.getParent());
      // Build the link under a unique name and rename it into place, so concurrent resolvers
      // (threads or processes) never see a missing or half-made snapshot file.
      Path tmp = pointer.resolveSibling("." + pointer.getFileName() + "." + UUID.randomUUID());
      try {
        Files.createSymbolicLink(tmp, pointer.getParent().relativize(blob));
      } catch (UnsupportedOperationException | FileSystemException e) {
        // e.g. Windows without developer mode: huggingface_hub falls back to copies too.
        Files.copy(blob, tmp);
      }
      Files.move(tmp, pointer, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return pointer;
    } catch (IOException e) {
      throw new ModelStoreException(Reason.CACHE_IO, "cannot link " + pointer + " to " + blob, e);
    }
  }

  private Path refFile(RepoId repo, String revision) {
    Path refs = repoDir(repo).resolve("refs");
    Path ref = refs.resolve(revision).normalize();
    if (!ref.startsWith(refs) || ref.equals(refs)) {
      throw new ModelStoreException(
          Reason.INVALID_REFERENCE, "invalid revision '" + revision + "'");
    }
    return ref;
  }

  /**
   * @param etag a normalised etag from the Hub
   * @return it, when safe to use as a file name
   */
  static String checkEtag(String etag) {
    if (etag == null || !ETAG.matcher(etag).matches()) {
      throw new ModelStoreException(
          Reason.TRANSFER, "the Hub sent an etag that is not a valid blob name: '" + etag + "'");
    }
    return etag;
  }

  /**
   * @param filename a repo-relative name from the Hub
   * @return it, when it stays inside the snapshot folder
   */
  static String checkFilename(String filename) {
    boolean ok = filename != null && !filename.isEmpty() && filename.length() <= 1024;
    if (ok) {
      ok = !filename.startsWith("/") && filename.indexOf('\\') < 0 && filename.indexOf(':') < 0;
      for (String segment : filename.split("/", -1)) {
        ok &= !segment.isEmpty() && !segment.equals(".") && !segment.equals("..");
      }
      ok &= filename.chars().noneMatch(c -> c < 0x20);
    }
    if (!ok) {
      throw new ModelStoreException(
          Reason.TRANSFER, "unsafe file name from the Hub: '" + filename + "'");
    }
    return filename;
  }
}
