package dev.llmkit.app.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TestModels;
import dev.llmkit.inference.device.CpuFeatures;
import dev.llmkit.inference.embedding.Embedding;
import dev.llmkit.inference.embedding.EmbeddingOptions;
import dev.llmkit.inference.embedding.EmbeddingPipeline;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.model.Pooling;
import dev.llmkit.tokenization.Tokenizer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code llmkit embed} on a tiny random BERT encoder, against the pipeline API. */
class EmbedCommandTest {

  private static final Path MODEL = TestModels.tinyBert();
  private static final String DIR = MODEL.toString();
  private static final List<String> TEXTS =
      List.of("ada lives in paris", "the cat sat on the mat", "who met alan?");

  private static List<Embedding> library(EmbeddingOptions options) {
    try (NDManager base = NDManager.newBaseManager();
        Tokenizer tokenizer = Tokenizer.fromDirectory(MODEL);
        Encoder model = EncoderModels.loadEncoder(MODEL, base);
        EmbeddingPipeline embed =
            EmbeddingPipeline.builder().model(model).tokenizer(tokenizer).manager(base).build()) {
      return embed.embed(TEXTS, options);
    }
  }

  private static float[] vector(JsonNode json) {
    float[] v = new float[json.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) json.get(i).asDouble(); // Jackson writes the shortest float that round-trips
    }
    return v;
  }

  private static void assertSameVectors(JsonNode json, List<Embedding> expected) {
    assertThat(json.isArray()).isTrue();
    assertThat(json).hasSize(expected.size());
    for (int i = 0; i < expected.size(); i++) {
      assertThat(vector(json.get(i))).containsExactly(expected.get(i).vector());
    }
  }

  @Test
  void oneUnitVectorPerTextEqualToThePipeline() {
    CliRun run = CliRun.of("embed", "--model", DIR, TEXTS.get(0), TEXTS.get(1), TEXTS.get(2));

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertSameVectors(json, library(EmbeddingOptions.defaults()));
    for (JsonNode v : json) {
      assertThat(v).hasSize(32); // the tiny model's hidden size
      double norm = 0;
      for (float x : vector(v)) {
        norm += x * x;
      }
      assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  @Test
  void clsPoolingWithoutNormalizationEqualsThePipeline() {
    CliRun run =
        CliRun.of(
            "embed",
            "--model",
            DIR,
            "--pooling",
            "cls",
            "--no-normalize",
            TEXTS.get(0),
            TEXTS.get(1),
            TEXTS.get(2));

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertSameVectors(
        run.json(),
        library(EmbeddingOptions.builder().pooling(Pooling.CLS).normalize(false).build()));
  }

  @Test
  void dashReadsOneTextPerLine() {
    String lines = String.join("\n", TEXTS) + "\n\n";
    var stdin = new ByteArrayInputStream(lines.getBytes(StandardCharsets.UTF_8));

    CliRun run = CliRun.command(new EmbedCommand(stdin), "--model", DIR, "-");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertSameVectors(run.json(), library(EmbeddingOptions.defaults()));
  }

  @Test
  void tooLongTextIsBadInputUnlessTruncated() {
    String longText = "the cat sat on the mat ".repeat(20); // > 64 tokens, the model's maximum

    CliRun refused = CliRun.of("embed", "--model", DIR, longText);
    CliRun truncated = CliRun.of("embed", "--model", DIR, "--truncate", longText);

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).isEmpty();
    assertThat(truncated.exitCode()).as(truncated.err()).isZero();
    assertThat(truncated.json()).hasSize(1);
  }

  @Test
  void unknownPoolingIsBadInput() {
    CliRun run = CliRun.of("embed", "--model", DIR, "--pooling", "max", "text");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("expected mean or cls");
  }

  @Test
  void float16OnTheCpuIsBadInput() {
    CliRun run = CliRun.of("embed", "--model", DIR, "--device", "cpu", "--dtype", "float16", "a");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("float16");
  }

  @Test
  void bfloat16OnACpuWithBfloat16InstructionsGivesVectorsCloseToFloat32() {
    assumeTrue(CpuFeatures.host().bfloat16(), "the CPU has no bfloat16 instructions");
    assertThat(cosineToFloat32("bfloat16")).isGreaterThan(0.999).isLessThan(1 - 1e-9);
  }

  @Test
  void int8OnACpuWithAvx2GivesVectorsNearFloat32() {
    assumeTrue(CpuFeatures.host().int8(), "the CPU has no AVX2");
    assertThat(cosineToFloat32("int8")).isGreaterThan(0.95).isLessThan(1 - 1e-9);
  }

  /**
   * The cosine between {@code embed --dtype dtype} of the first text and the float32 pipeline's.
   */
  private static double cosineToFloat32(String dtype) {
    CliRun run =
        CliRun.of("embed", "--model", DIR, "--device", "cpu", "--dtype", dtype, TEXTS.get(0));
    assertThat(run.exitCode()).as(run.err()).isZero();
    Embedding narrow = new Embedding(vector(run.json().get(0)), 0);
    return narrow.cosine(library(EmbeddingOptions.defaults()).get(0));
  }

  @Test
  void badDeviceIsBadInputBeforeAnyModelIsLoaded() {
    CliRun run = CliRun.of("embed", "--model", "/no/such/dir", "--device", "tpu", "a");

    assertThat(run.exitCode()).isEqualTo(2);
  }
}
