package dev.llmkit.inference.minilm;

/** An ONNX file that is malformed, truncated or not the BERT graph the converter expects. */
public final class OnnxFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what is wrong, with the byte offset or tensor name where it applies
   */
  public OnnxFormatException(String message) {
    super(message);
  }
}
