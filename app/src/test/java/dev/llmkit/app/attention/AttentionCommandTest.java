package dev.llmkit.app.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import dev.llmkit.app.testing.TestModels;
import dev.llmkit.app.testing.TinyGpt2;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code llmkit attention} on tiny checkpoints. */
class AttentionCommandTest {

  @TempDir Path tmp;

  @Test
  void anEncodersAttentionHasOneRowPerTokenPerHeadSummingToOne() {
    CliRun run =
        CliRun.of("attention", "--model", TestModels.tinyBert().toString(), "ada lived in london");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(CliRun.fieldNames(json)).containsExactly("tokens", "attentions");
    int t = json.get("tokens").size();
    assertThat(json.get("tokens").get(0).asText()).isEqualTo("[CLS]");
    for (JsonNode layer : json.get("attentions")) {
      for (JsonNode head : layer) {
        assertThat(head).hasSize(t);
        for (JsonNode row : head) {
          assertThat(row).hasSize(t);
          double sum = 0;
          for (JsonNode w : row) {
            sum += w.asDouble();
          }
          assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
      }
    }
  }

  @Test
  void gpt2GivesNoWeightToLaterTokens() {
    Path model = TinyGpt2.random(tmp.resolve("gpt2"));
    CliRun run =
        CliRun.of("attention", "--task", "generate", "--model", model.toString(), "It was late");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json.get("tokens").get(0).asText()).isEqualTo("It");
    JsonNode head = json.get("attentions").get(0).get(0);
    assertThat(head.get(0).get(0).asDouble()).isCloseTo(1.0, within(1e-6));
    for (int q = 0; q < head.size(); q++) {
      for (int k = q + 1; k < head.size(); k++) {
        assertThat(head.get(q).get(k).asDouble()).isZero();
      }
    }
  }

  @Test
  void moreThan128TokensOrAnUnknownTaskExitWith2SayingWhy() {
    CliRun tooLong =
        CliRun.of("attention", "--model", TestModels.tinyBert().toString(), "london ".repeat(200));
    assertThat(tooLong.exitCode()).isEqualTo(2);
    assertThat(tooLong.err()).contains("attention is shown for at most 128");

    CliRun unknown = CliRun.of("attention", "--task", "ocr", "hello");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown --task 'ocr'");
  }
}
