package dev.llmkit.app.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.app.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmkit train lm} and {@code llmkit eval lm} end to end on a tiny model, in-process. */
class TrainAndEvalCommandTest {

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  private int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return Main.commandLine()
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(args);
  }

  private static Path text(Path dir) throws IOException {
    StringBuilder book = new StringBuilder("\uFEFF");
    for (int i = 0; i < 60; i++) {
      book.append("It was the ").append(i % 2 == 0 ? "best" : "worst").append(" of times.\r\n");
    }
    Path file = dir.resolve("book.txt");
    Files.writeString(file, book);
    return file;
  }

  @Test
  void trainLmSplitIntoTwoRunsThenEvalLmPrintsPerplexity(@TempDir Path dir) throws IOException {
    Path data = text(dir);
    Path model = dir.resolve("gpt");
    String[] train = {
      "train",
      "lm",
      "--train",
      data.toString(),
      "--out",
      model.toString(),
      "--layers",
      "1",
      "--width",
      "16",
      "--heads",
      "2",
      "--context",
      "16",
      "--batch-size",
      "4",
      "--max-steps",
      "6",
      "--lr",
      "1e-2",
      "--validation-fraction",
      "0.2",
      "--checkpoint-every",
      "2"
    };

    assertThat(run(concat(train, "--stop-after-step", "3"))).isZero();
    assertThat(err.toString()).contains("stopped (resume with --resume) after step 3/6");
    assertThat(Files.exists(model)).isFalse(); // nothing is written before the run ends

    assertThat(run(concat(train, "--resume"))).isZero();
    assertThat(err.toString()).contains("resuming at step 3/6").contains("finished after step 6/6");
    JsonNode validation = new ObjectMapper().readTree(out.toString());
    assertThat(validation.path("perplexity").asDouble()).isGreaterThan(1).isFinite();
    assertThat(model.resolve("config.json")).exists();
    assertThat(model.resolve("tokenizer.json")).exists();
    JsonNode tokenizerConfig =
        new ObjectMapper().readTree(model.resolve("tokenizer_config.json").toFile());
    assertThat(tokenizerConfig.path("model_max_length").asInt()).isEqualTo(16);
    assertThat(dir.resolve("gpt-checkpoints")).isDirectory();

    assertThat(run("eval", "lm", "--model", model.toString(), "--data", data.toString())).isZero();
    JsonNode scores = new ObjectMapper().readTree(out.toString());
    assertThat(scores.path("scored_tokens").asLong()).isGreaterThan(100);
    assertThat(scores.path("context").asInt()).isEqualTo(16);
    assertThat(scores.path("stride").asInt()).isEqualTo(8);
    assertThat(scores.path("bits_per_byte").asDouble()).isPositive();

    // eval lm --held-out scores exactly the text train lm held back, with the same windows.
    String[] heldOut = {"eval", "lm", "--model", model.toString(), "--data", data.toString()};
    assertThat(run(concat(heldOut, "--held-out", "0.2"))).isZero();
    JsonNode again = new ObjectMapper().readTree(out.toString());
    assertThat(again.path("scored_tokens").asLong())
        .isEqualTo(validation.path("scored_tokens").asLong())
        .isLessThan(scores.path("scored_tokens").asLong());
    assertThat(again.path("perplexity").asDouble())
        .isEqualTo(validation.path("perplexity").asDouble());
  }

  @Test
  void evalLmWithoutAModelScoresTheBundledDefault(@TempDir Path dir) throws IOException {
    Path text = dir.resolve("letter.txt");
    Files.writeString(
        text,
        "My dear Sir, I have the honour to acknowledge the receipt of your letter of the"
            + " fifteenth instant, and I beg to assure you that the matter shall have my most"
            + " careful attention. I remain, Sir, your obedient servant.\n");

    assertThat(run("eval", "lm", "--data", text.toString())).as(err.toString()).isZero();
    JsonNode scores = new ObjectMapper().readTree(out.toString());
    // A model that guessed uniformly over the 50,257 GPT-2 tokens would score 50,257; the
    // bundled one was trained on novels of this period (the model card reports ~60-100 on
    // held-out novel text), so plain English letter prose must score far below uniform.
    assertThat(scores.path("scored_tokens").asLong()).isGreaterThan(30);
    assertThat(scores.path("perplexity").asDouble()).isLessThan(1_000);
  }

  @Test
  void trainNerNeedsABase() {
    assertThat(run("train", "ner", "--train", "x.txt", "--out", "y")).isEqualTo(2);
    assertThat(err.toString()).contains("--base");
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
