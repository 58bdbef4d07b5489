package dev.llmkit.app.rag;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmkit.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ingest} then {@code ask} on the real default embedding model (MiniLM). */
class RagCommandsIT {

  @TempDir Path dir;

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void ingestedFilesAreFoundByAskAndReingestIsANoOp() throws Exception {
    Path docs = Files.createDirectory(dir.resolve("docs"));
    Files.writeString(
        docs.resolve("bridges.md"),
        "# Bridges\n\nThe Golden Gate Bridge spans the strait in San Francisco.");
    Files.writeString(
        docs.resolve("bread.html"), "<p>Sourdough bread rises with a wild yeast starter.</p>");
    String data = dir.resolve("data").toString();

    Run first = run("ingest", docs.toString(), "--data-dir", data, "--meta", "team=docs");
    assertThat(first.code()).as(first.err()).isZero();
    assertThat(first.out()).contains("created").doesNotContain("unchanged");

    Run again = run("ingest", docs.toString(), "--data-dir", data);
    assertThat(again.code()).isZero();
    assertThat(again.out().lines().filter(l -> l.startsWith("unchanged")).count()).isEqualTo(2);

    Run ask =
        run("ask", "Which bridge is in San Francisco?", "--data-dir", data, "--passages", "1");
    assertThat(ask.code()).as(ask.err()).isZero();
    assertThat(ask.out()).contains("bridges.md").contains("Golden Gate");

    Run json =
        run(
            "ask",
            "Which bridge is in San Francisco?",
            "--data-dir",
            data,
            "--passages",
            "1",
            "--json");
    assertThat(json.code()).as(json.err()).isZero();
    com.fasterxml.jackson.databind.JsonNode answer =
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
    assertThat(answer.get("document_id").asText()).endsWith("bridges.md");
    String text = Files.readString(docs.resolve("bridges.md"));
    assertThat(answer.get("answer").asText())
        .isEqualTo(
            text.substring(answer.get("utf16_start").asInt(), answer.get("utf16_end").asInt()));
    assertThat(answer.has("score")).isTrue();
    assertThat(answer.has("passage")).isTrue();

    Run missing = run("ingest", dir.resolve("nope.txt").toString(), "--data-dir", data);
    assertThat(missing.code()).isEqualTo(2);
    Run unconfigured = run("ask", "q", "--data-dir", data, "--store", "pgvector");
    assertThat(unconfigured.code()).isEqualTo(2);
    assertThat(unconfigured.err()).contains("--pg-host");
    Run remote = run("ask", "q", "--data-dir", data, "--store", "opensearch");
    assertThat(remote.code()).isEqualTo(2);
    assertThat(remote.err()).contains("not available in this build");
  }

  @Test
  void ingestAndAskReadServesSettingsFileUnderTheirFlags() throws Exception {
    Path docs = Files.createDirectory(dir.resolve("docs"));
    Files.writeString(
        docs.resolve("bridges.md"), "The Golden Gate Bridge spans the strait in San Francisco.");
    Path configured = dir.resolve("configured");
    Path config = dir.resolve("llmkit.yaml");
    Files.writeString(config, "retrieval:\n  data_dir: " + configured + "\n  segment_tokens: 64\n");

    Run ingest = run("ingest", docs.toString(), "--config", config.toString());
    assertThat(ingest.code()).as(ingest.err()).isZero();
    assertThat(configured).isDirectory();
    Run ask = run("ask", "Which bridge is in San Francisco?", "--config", config.toString());
    assertThat(ask.code()).as(ask.err()).isZero();
    assertThat(ask.out()).contains("Golden Gate");

    String elsewhere = dir.resolve("elsewhere").toString();
    Run flagWins =
        run("ask", "Which bridge?", "--config", config.toString(), "--data-dir", elsewhere);
    assertThat(flagWins.code()).as(flagWins.err()).isZero();
    assertThat(flagWins.out()).doesNotContain("Golden Gate");

    Files.writeString(config, "embed:\n  model: " + dir.resolve("no-such-model") + "\n");
    Run absent = run("ingest", docs.toString(), "--config", config.toString());
    assertThat(absent.code()).as(absent.err()).isEqualTo(2);
    assertThat(absent.err()).contains("embed.model");
    Path broken = Files.createDirectory(dir.resolve("broken-model")); // a config, no weights
    Files.writeString(broken.resolve("config.json"), "{\"model_type\": \"bert\"}");
    Files.writeString(config, "embed:\n  model: " + broken + "\n");
    Run notAModel = run("ingest", docs.toString(), "--config", config.toString());
    assertThat(notAModel.code()).as(notAModel.err()).isEqualTo(3);
    assertThat(notAModel.err()).contains("broken-model");

    Files.writeString(config, "retrieval:\n  segment_tokens: -1\n");
    Run invalid = run("ingest", docs.toString(), "--config", config.toString());
    assertThat(invalid.code()).isEqualTo(2);
    assertThat(invalid.err()).contains("segment_tokens");
  }
}
