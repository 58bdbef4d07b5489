package dev.llmkit.inference.defaults;

/** The default model of a task is not bundled (yet), or its bundled files cannot be unpacked. */
public final class NoDefaultModelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final DefaultTask task;

  /**
   * @param task the task whose default is unavailable
   * @param message what is missing and what to do instead
   */
  public NoDefaultModelException(DefaultTask task, String message) {
    super(message);
    this.task = task;
  }

  /**
   * @param task the task whose default is unavailable
   * @param message what is wrong
   * @param cause the underlying failure
   */
  public NoDefaultModelException(DefaultTask task, String message, Throwable cause) {
    super(message, cause);
    this.task = task;
  }

  /** The task whose default is unavailable. */
  public DefaultTask task() {
    return task;
  }
}
