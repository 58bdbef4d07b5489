package dev.llmkit.inference.store;

import dev.llmkit.inference.store.ModelStoreException.Reason;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/** What a user passes as {@code --model}: a local directory or a Hub repo at a revision. */
public sealed interface ModelRef {

  /** The default revision, as in {@code huggingface_hub.constants.DEFAULT_REVISION}. */
  String DEFAULT_REVISION = "main";

  /**
   * A model directory on disk.
   *
   * @param directory an existing directory
   */
  record Local(Path directory) implements ModelRef {
    /** Requires a non-null path. */
    public Local {
      Objects.requireNonNull(directory, "directory");
    }
  }

  /**
   * A Hub repository at a branch, tag or commit sha.
   *
   * @param repo the repo id
   * @param revision a branch, tag or 40-hex commit sha
   */
  record Hub(RepoId repo, String revision) implements ModelRef {
    /** Validates the revision (it becomes a path under {@code refs/}). */
    public Hub {
      Objects.requireNonNull(repo, "repo");
      if (!isValidRevision(revision)) {
        throw new ModelStoreException(
            Reason.INVALID_REFERENCE,
            "invalid revision '" + revision + "' for " + repo + ": expected a branch, tag or sha");
      }
    }

    /**
     * @return whether the revision is a full commit sha (no ref lookup needed)
     */
    public boolean isCommit() {
      return HfCacheLayout.isCommitHash(revision);
    }

    @Override
    public String toString() {
      return repo + "@" + revision;
    }
  }

  /**
   * Parses a {@code --model} value. An existing directory always wins (so {@code ./org/name}
   * works); otherwise the value must be a Hub id, optionally followed by {@code @revision}.
   *
   * @param text the user's value
   * @return the reference
   * @throws ModelStoreException ({@link Reason#INVALID_REFERENCE}) when it is neither
   */
  static ModelRef parse(String text) {
    if (text == null || text.isBlank()) {
      throw new ModelStoreException(Reason.INVALID_REFERENCE, "empty model reference");
    }
    String value = text.strip();
    try {
      Path path = Path.of(value);
      if (Files.isDirectory(path)) {
        return new Local(path);
      }
    } catch (InvalidPathException e) {
      // not a path; try it as a Hub id
    }
    int at = value.indexOf('@');
    String id = at < 0 ? value : value.substring(0, at);
    String revision = at < 0 ? DEFAULT_REVISION : value.substring(at + 1);
    if (!RepoId.isValid(id)) {
      throw new ModelStoreException(
          Reason.INVALID_REFERENCE,
          "model '"
              + text
              + "' is neither an existing directory nor a Hugging Face id 'org/name[@revision]'");
    }
    return new Hub(new RepoId(id), revision);
  }

  private static boolean isValidRevision(String revision) {
    if (revision == null || revision.isEmpty() || revision.length() > 255) {
      return false;
    }
    if (revision.startsWith("/") || revision.endsWith("/")) {
      return false;
    }
    for (String segment : revision.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return false;
      }
    }
    return revision.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '\\' && c != '@');
  }
}
