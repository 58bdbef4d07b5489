package dev.llmkit.app.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The suites' inputs: by default 256 sentences of 12 to 40 words drawn (seed 15) from the
 * public-domain 19th-century novels of the project's language-model corpus (about 30 tokens each);
 * or one text a line from a file.
 */
final class Texts {

  private static final String RESOURCE = "/dev/llmkit/app/bench/sentences.txt";

  private Texts() {}

  static List<String> load(Path file) throws IOException {
    List<String> lines;
    if (file != null) {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } else {
      try (InputStream in = Texts.class.getResourceAsStream(RESOURCE)) {
        lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      }
    }
    List<String> texts = lines.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    if (texts.isEmpty()) {
      throw new IllegalArgumentException("no texts in " + (file == null ? RESOURCE : file));
    }
    return texts;
  }

  /** The first {@code n} texts, cycling when there are fewer. */
  static List<String> take(List<String> texts, int n) {
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(i -> texts.get(i % texts.size()))
        .toList();
  }
}
