package dev.llmkit.app.fillmask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import org.junit.jupiter.api.Test;

/** {@code llmkit fill-mask} with its default model, bert-base-cased from its Maven artifact. */
class FillMaskCommandIT {

  @Test
  void theDefaultModelPutsParisFirstInHuggingFacesShape() {
    CliRun run = CliRun.of("fill-mask", "--top-k", "3", "The capital of France is [MASK].");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode json = run.json();
    assertThat(json).hasSize(3);
    assertThat(CliRun.fieldNames(json.get(0)))
        .containsExactly("score", "token", "token_str", "sequence");
    assertThat(json.get(0).get("token_str").asText()).isEqualTo("Paris");
    assertThat(json.get(0).get("token").asLong()).isEqualTo(2123); // bert-base-cased's id
    assertThat(json.get(0).get("sequence").asText()).isEqualTo("The capital of France is Paris.");
    assertThat(json.get(0).get("score").asDouble())
        .isGreaterThan(json.get(1).get("score").asDouble());
  }

  @Test
  void aTextWithTwoMasksGetsAListPerMask() {
    CliRun run = CliRun.of("fill-mask", "--top-k", "2", "Paris is the [MASK] of [MASK].");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.json()).hasSize(2);
    assertThat(run.json().get(0)).hasSize(2);
    assertThat(run.json().get(1).get(0).get("token_str").asText()).isEqualTo("France");
  }

  @Test
  void aTextWithoutMaskIsBadInput() {
    CliRun run = CliRun.of("fill-mask", "Nothing is hidden here.");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("No mask_token ([MASK]) found on the input");
  }
}
