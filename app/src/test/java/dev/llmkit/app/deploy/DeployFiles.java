package dev.llmkit.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The repository's deployment files (docker/), read from the checkout the tests run in. */
final class DeployFiles {

  private static final YAMLMapper YAML = new YAMLMapper();

  private DeployFiles() {}

  /** The repository root: the first parent of the working directory holding docker/Dockerfile. */
  static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("docker/Dockerfile"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no docker/Dockerfile above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static String read(String relative) {
    try {
      return Files.readString(root().resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every YAML document of the file ({@code ---} separated). */
  static List<JsonNode> yaml(String relative) {
    try (var values =
        YAML.readerFor(JsonNode.class).readValues(root().resolve(relative).toFile())) {
      List<JsonNode> docs = new ArrayList<>();
      values.forEachRemaining(v -> docs.add((JsonNode) v));
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first group of the first match of {@code regex} in {@code text}; fails when none. */
  static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.MULTILINE).matcher(text);
    if (!m.find()) {
      throw new AssertionError("no match for /" + regex + "/");
    }
    return m.group(1);
  }
}
