package dev.llmkit.inference.store;

import java.util.Objects;

/** A model reference that cannot be resolved to a usable local directory; see {@link #reason()}. */
public final class ModelStoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why resolution failed, so callers (the CLI, the server) can map it to an exit code. */
  public enum Reason {
    /** The {@code --model} value is neither a directory nor a valid Hub id. */
    INVALID_REFERENCE,
    /** The repository, revision or file does not exist on the Hub (HTTP 404). */
    NOT_FOUND,
    /** The Hub refused access (HTTP 401/403): private or gated repo, missing or bad token. */
    UNAUTHORIZED,
    /** {@code HF_HUB_OFFLINE} is set (or the Hub is unreachable) and the cache lacks the model. */
    NOT_IN_CACHE,
    /** A downloaded file does not match its size or sha256 etag; the partial file was deleted. */
    INTEGRITY,
    /** The network failed or the Hub answered something this client does not understand. */
    TRANSFER,
    /** The local cache could not be read or written. */
    CACHE_IO
  }

  private final Reason reason;

  /**
   * @param reason the category
   * @param message a message naming the repo, revision and file involved
   */
  public ModelStoreException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason);
  }

  /**
   * @param reason the category
   * @param message a message naming the repo, revision and file involved
   * @param cause the underlying failure
   */
  public ModelStoreException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason);
  }

  /**
   * @return why resolution failed
   */
  public Reason reason() {
    return reason;
  }
}
