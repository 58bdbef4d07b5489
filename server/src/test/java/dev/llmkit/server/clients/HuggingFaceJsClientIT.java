package dev.llmkit.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.server.LlmkitServer;
import dev.llmkit.server.config.ServerConfig;
import dev.llmkit.server.config.TaskConfig;
import dev.llmkit.server.ops.ServerMetrics;
import dev.llmkit.server.pipeline.PipelineLoader;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unchanged npm client {@code @huggingface/inference} (version pinned in {@code
 * src/test/node/package-lock.json}), its {@code endpointUrl} pointed at a real server that serves
 * the tiny random BERT for {@code /ner} and {@code /qa}. The client validates response shapes
 * itself and throws on anything that is not Hugging Face's; the script prints what it parsed.
 *
 * <p>Needs {@code node} and {@code npm}: skipped without them, except under {@code CI=true}, where
 * it fails so that CI always exercises it. Runs {@code npm ci} when {@code node_modules} is missing
 * (needs the npm registry once).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class HuggingFaceJsClientIT {

  private static final Path NODE_PROJECT = Path.of("src/test/node").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path modelDir;

  @BeforeAll
  static void nodeIsInstalled() throws Exception {
    boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
    boolean present =
        succeeds(List.of("node", "--version")) && succeeds(List.of("npm", "--version"));
    if (ci) {
      assertThat(present)
          .as("CI=true but node/npm are missing: install Node.js (apt-get install -y nodejs npm)")
          .isTrue();
    }
    assumeThat(present)
        .as("node and npm are not installed: skipping the @huggingface/inference client check")
        .isTrue();
    if (!Files.isDirectory(NODE_PROJECT.resolve("node_modules/@huggingface/inference"))) {
      Result install =
          run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", NODE_PROJECT.toString()));
      assertThat(install.exitCode()).as("npm ci failed:%n%s", install.output()).isZero();
    }
  }

  @Test
  void huggingFaceInferenceClientParsesTokenClassificationAndQuestionAnswering() throws Exception {
    copyTinyModel();
    TaskConfig task = ServerConfig.defaults().ner().withModel(modelDir.toString());
    ServerConfig config = withPort0(ServerConfig.defaults(), task);
    ServerMetrics metrics = new ServerMetrics();
    try (LlmkitServer server =
        LlmkitServer.builder()
            .config(config)
            .metrics(metrics)
            .ner(PipelineLoader.ner(task, metrics.registry()))
            .qa(PipelineLoader.qa(task, metrics.registry()))
            .build()
            .start()) {
      Result result =
          run(
              List.of(
                  "node",
                  NODE_PROJECT.resolve("check.mjs").toString(),
                  "http://127.0.0.1:" + server.port()));
      assertThat(result.exitCode()).as("client failed:%n%s", result.output()).isZero();
      JsonNode parsed = JSON.readTree(lastLine(result.output()));

      // The script asks with ignore_labels [] so that the random model's "O" groups come back too.
      JsonNode entities = parsed.get("entities");
      assertThat(entities.isArray()).isTrue();
      assertThat(entities.size()).isPositive();
      String text = "My name is Wolfgang and I live in Berlin";
      for (JsonNode e : entities) {
        assertThat(e.get("entity_group").asText()).isIn("O", "PER", "LOC");
        assertThat(e.get("score").asDouble()).isBetween(0.0, 1.0);
        int start = e.get("start").asInt();
        int end = e.get("end").asInt();
        assertThat(start).isBetween(0, end);
        assertThat(end).isLessThanOrEqualTo(text.length());
        assertThat(e.get("word").isTextual()).isTrue();
      }

      JsonNode answer = parsed.get("answer");
      String context = text;
      int start = answer.get("start").asInt();
      int end = answer.get("end").asInt();
      assertThat(start).isBetween(0, end);
      assertThat(end).isLessThanOrEqualTo(context.length());
      // The answer is the context's own span: offsets and text agree as the client sees them.
      assertThat(answer.get("answer").asText()).isEqualTo(context.substring(start, end));
      assertThat(answer.get("score").asDouble()).isBetween(0.0, 1.0);
    }
  }

  private static ServerConfig withPort0(ServerConfig d, TaskConfig task) {
    return new ServerConfig(
        "127.0.0.1",
        0,
        d.maxPayloadBytes(),
        d.maxInputs(),
        d.shutdownTimeoutMs(),
        d.apiKeys(),
        d.corsOrigins(),
        task,
        task,
        d.embed(),
        d.generate(),
        d.tokenize(),
        d.fillMask(),
        null);
  }

  private static void copyTinyModel() throws IOException, URISyntaxException {
    for (String name : List.of("tiny-bert-heads", "tiny-wordpiece")) {
      Path from = Path.of(HuggingFaceJsClientIT.class.getResource("/tiny/" + name).toURI());
      try (var files = Files.list(from)) {
        for (Path f : files.toList()) {
          Files.copy(f, modelDir.resolve(f.getFileName()));
        }
      }
    }
  }

  private static String lastLine(String output) {
    String[] lines = output.strip().split("\n");
    return lines[lines.length - 1];
  }

  private record Result(int exitCode, String output) {}

  private static boolean succeeds(List<String> command) {
    try {
      return run(command).exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static Result run(List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(command);
    Process p =
        new ProcessBuilder(cmd).directory(NODE_PROJECT.toFile()).redirectErrorStream(true).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return new Result(-1, out + "\n(timed out)");
      }
      return new Result(p.exitValue(), out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted", e);
    }
  }
}
