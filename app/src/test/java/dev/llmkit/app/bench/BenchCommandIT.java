package dev.llmkit.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suites end to end at toy sizes: what they print and write, not how fast anything is. */
class BenchCommandIT {

  @TempDir Path out;

  @AfterEach
  void forgetTheLibrary() {
    System.clearProperty("llmkit.bench.lib");
  }

  @Test
  void theEncoderSuiteMeasuresLlmkitBesideOnnxRuntimeAndWritesItsThreeFiles() throws Exception {
    // The package phase copied ONNX Runtime here; it is not on the test's class path.
    System.setProperty("llmkit.bench.lib", "target/bench-lib");
    CliRun run =
        CliRun.of(
            "bench",
            "encoder",
            "--warmup",
            "0",
            "--repeats",
            "1",
            "--count",
            "4",
            "--out",
            out.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("suite").asText()).isEqualTo("encoder");
    assertThat(json.get("results")).hasSize(2);
    JsonNode batch1 = json.get("results").get(0);
    assertThat(batch1.get("name").asText()).isEqualTo("batch 1");
    assertThat(batch1.get("peer_name").asText()).contains("ONNX Runtime");
    assertThat(batch1.get("speed_ratio").asDouble()).isPositive();
    assertThat(out.resolve("encoder.json")).exists();
    assertThat(out.resolve("encoder.md")).exists();
    assertThat(out.resolve("encoder.png")).exists();
    assertThat(run.err()).contains("| batch 32 | ms per text |");
  }

  @Test
  void withoutItsPeerTheEncoderSuiteSaysWhereToGetItAndExitsTwo() {
    System.setProperty("llmkit.bench.lib", out.resolve("nothing-here").toString());
    CliRun run = CliRun.of("bench", "encoder", "--repeats", "1");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("ONNX Runtime, is not in").contains("bench-lib");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void theGenerateSuiteTimesPrefillAndDecodingInBothPrecisions() throws Exception {
    CliRun run =
        CliRun.of(
            "bench",
            "generate",
            "--embd",
            "64",
            "--layers",
            "2",
            "--heads",
            "2",
            "--vocab",
            "500",
            "--prompts",
            "8,32",
            "--steps",
            "3",
            "--warmup",
            "0",
            "--repeats",
            "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode results = run.json().get("results");
    assertThat(results).hasSize(4);
    assertThat(results.get(0).get("name").asText()).isEqualTo("prefill 8 tokens");
    assertThat(results.get(3).get("name").asText()).isEqualTo("decode after 512 tokens");
    assertThat(results.get(3).get("peer_name").asText()).isEqualTo("llmkit float32 decoding");
    assertThat(results.get(3).get("llmkit").get("n").asInt()).isEqualTo(2);
  }

  @Test
  void theServerSuiteComparesBatchingOnAndOffUnderLoad() throws Exception {
    CliRun run =
        CliRun.of("bench", "server", "--seconds", "1", "--warmup-seconds", "1", "--clients", "1,4");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode results = run.json().get("results");
    assertThat(results).hasSize(2);
    assertThat(results.get(1).get("name").asText()).isEqualTo("4 clients");
    assertThat(results.get(1).get("peer_name").asText()).contains("batching off");
    assertThat(results.get(1).get("extra").get("requests/s").asDouble()).isPositive();
  }

  @Test
  void theTrainSuiteTimesOptimizerStepsAfterTheWarmUp() throws Exception {
    CliRun run =
        CliRun.of("bench", "train", "--models", "minilm", "--warmup", "0", "--repeats", "2");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode minilm = run.json().get("results").get(0);
    assertThat(minilm.get("name").asText()).startsWith("NER fine-tuning minilm");
    assertThat(minilm.get("llmkit").get("n").asInt()).isEqualTo(2);
    assertThat(minilm.get("extra").get("tokens/s").asDouble()).isPositive();
  }
}
