package dev.llmkit.app.testing;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The tiny checkpoints under {@code src/test/resources}. */
public final class TestModels {

  private TestModels() {}

  /**
   * A random 2-layer BERT with a 5-label {@code classifier} (O, B/I-PER, B/I-LOC) and a {@code
   * qa_outputs} head, and a 100-token lower-cased WordPiece vocabulary.
   */
  public static Path tinyBert() {
    return resource("bundled/ner");
  }

  /** A classpath folder as a path. */
  public static Path resource(String name) {
    URL url = TestModels.class.getClassLoader().getResource(name);
    if (url == null) {
      throw new IllegalStateException("missing test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
