package dev.llmkit.inference.device;

/** A device, dtype or thread setting that cannot be parsed or honoured on this machine. */
public final class DeviceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was asked for, why it is not possible and what is accepted instead
   */
  public DeviceException(String message) {
    super(message);
  }
}
