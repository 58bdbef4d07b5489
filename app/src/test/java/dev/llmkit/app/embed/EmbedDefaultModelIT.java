package dev.llmkit.app.embed;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.llmkit.app.testing.CliRun;
import org.junit.jupiter.api.Test;

/**
 * {@code llmkit embed} with no {@code --model}: the default all-MiniLM-L6-v2, converted from the
 * LangChain4j artifact (slow the first time).
 */
class EmbedDefaultModelIT {

  private static double cosine(JsonNode a, JsonNode b) {
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.size(); i++) {
      double x = a.get(i).asDouble();
      double y = b.get(i).asDouble();
      dot += x * y;
      na += x * x;
      nb += y * y;
    }
    return dot / Math.sqrt(na * nb);
  }

  @Test
  void similarSentencesAreCloserThanUnrelatedOnes() {
    CliRun run =
        CliRun.of(
            "embed",
            "--threads",
            "2",
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The stock market fell sharply on Monday.");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode v = run.json();
    assertThat(v).hasSize(3);
    assertThat(v.get(0)).hasSize(384);
    double similar = cosine(v.get(0), v.get(1));
    double unrelated = cosine(v.get(0), v.get(2));
    assertThat(similar).isGreaterThan(unrelated + 0.3);
    assertThat(similar).isGreaterThan(0.5);
  }
}
