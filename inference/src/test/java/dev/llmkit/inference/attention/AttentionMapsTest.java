package dev.llmkit.inference.attention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.llmkit.inference.gpt2.Gpt2Model;
import dev.llmkit.inference.model.Encoder;
import dev.llmkit.inference.model.EncoderModels;
import dev.llmkit.inference.nn.Attention;
import dev.llmkit.inference.testing.TinyModels;
import dev.llmkit.tokenization.Tokenizer;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Attention weights recorded from the models' own forward passes (tiny random checkpoints). */
class AttentionMapsTest {

  private static NDManager base;
  private static Encoder bert; // tiny-bert: 2 layers, 4 heads (its config.json)
  private static Tokenizer wordPiece;

  @BeforeAll
  static void load() {
    base = NDManager.newBaseManager();
    bert = EncoderModels.loadEncoder(TinyModels.checkpoint("tiny-bert"), base);
    wordPiece = TinyModels.wordPiece();
  }

  @AfterAll
  static void close() {
    bert.close();
    wordPiece.close();
    base.close();
  }

  @Test
  void anEncoderGivesOneMapPerLayerAndHeadWhoseRowsSumToOne() {
    AttentionMaps.Map map = AttentionMaps.ofEncoder(bert, wordPiece, base, "hello world");
    int t = map.tokens().size();
    assertThat(map.tokens().get(0)).isEqualTo("[CLS]");
    assertThat(map.tokens().get(t - 1)).isEqualTo("[SEP]");
    assertThat(map.attentions().length).isEqualTo(2);
    for (float[][][] layer : map.attentions()) {
      assertThat(layer.length).isEqualTo(4);
      for (float[][] head : layer) {
        assertThat(head.length).isEqualTo(t);
        for (float[] row : head) {
          assertThat(row.length).isEqualTo(t);
          assertThat(sum(row)).isCloseTo(1.0, within(1e-5));
          for (float w : row) {
            assertThat(w).isBetween(0f, 1f);
          }
        }
      }
    }
  }

  @Test
  void paddedKeysGetExactlyZeroWeight() {
    // Two rows, the second padded after 3 tokens: no query may attend to its padding.
    long[] ids = {2, 10, 11, 12, 13, 3, 2, 10, 3, 0, 0, 0};
    long[] mask = {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0};
    List<float[][][][]> layers;
    try (NDManager request = base.newSubManager();
        Attention.Probe probe = Attention.probe()) {
      bert.forward(
          request.create(ids, new Shape(2, 6)), request.create(mask, new Shape(2, 6)), null);
      layers = probe.weights();
    }
    assertThat(layers).hasSize(2);
    for (float[][][][] layer : layers) {
      for (float[][] head : layer[1]) {
        for (float[] row : head) {
          assertThat(row[3]).isZero();
          assertThat(row[4]).isZero();
          assertThat(row[5]).isZero();
          assertThat(sum(row)).isCloseTo(1.0, within(1e-5));
        }
      }
      for (float[][] head : layer[0]) {
        for (float[] row : head) {
          assertThat(row[5]).isPositive();
        }
      }
    }
  }

  @Test
  void gpt2AttendsOnlyToItselfAndEarlierTokens() throws Exception {
    try (Gpt2Model gpt2 = Gpt2Model.load(gpt2Directory(), base);
        Tokenizer tokenizer = Tokenizer.embedded("gpt2")) {
      AttentionMaps.Map map = AttentionMaps.ofGpt2(gpt2, tokenizer, "Hello world, said the cat");
      assertThat(map.tokens()).startsWith("Hello", "Ġworld");
      int t = map.tokens().size();
      assertThat(map.attentions().length).isEqualTo(2); // n_layer
      for (float[][][] layer : map.attentions()) {
        assertThat(layer.length).isEqualTo(2); // n_head
        for (float[][] head : layer) {
          assertThat(head[0][0]).isCloseTo(1f, within(1e-6f)); // the first token sees only itself
          for (int q = 0; q < t; q++) {
            assertThat(sum(head[q])).isCloseTo(1.0, within(1e-5));
            for (int k = q + 1; k < t; k++) {
              assertThat(head[q][k]).as("query %d, later key %d", q, k).isZero();
            }
          }
        }
      }
    }
  }

  @Test
  void textsBeyond128TokensOrEmptyAreRefusedSayingWhy() {
    String long_ = "hello ".repeat(200);
    assertThatThrownBy(() -> AttentionMaps.ofEncoder(bert, wordPiece, base, long_))
        .isInstanceOfSatisfying(
            AttentionMaps.InputException.class, e -> assertThat(e.tooLong()).isTrue())
        .hasMessageMatching(
            "the text has [2-9]\\d\\d tokens; attention is shown for at most 128 \\(special"
                + " tokens included\\)");
    assertThatThrownBy(() -> AttentionMaps.ofEncoder(bert, wordPiece, base, "  "))
        .isInstanceOfSatisfying(
            AttentionMaps.InputException.class, e -> assertThat(e.tooLong()).isFalse());
  }

  @Test
  void aProbeRecordsNothingOnOtherThreadsAndStopsWhenClosed() throws Exception {
    try (Attention.Probe probe = Attention.probe()) {
      Thread other =
          new Thread(
              () -> {
                try (NDManager m = base.newSubManager()) {
                  bert.forward(
                      m.create(new long[] {2, 10, 3}, new Shape(1, 3)),
                      m.create(new long[] {1, 1, 1}, new Shape(1, 3)),
                      null);
                }
              });
      other.start();
      other.join();
      assertThat(probe.weights()).isEmpty();
    }
    try (Attention.Probe again = Attention.probe()) {
      assertThat(again.weights()).isEmpty();
    }
  }

  private static double sum(float[] row) {
    double s = 0;
    for (float w : row) {
      s += w;
    }
    return s;
  }

  private static Path gpt2Directory() throws URISyntaxException {
    return Path.of(AttentionMapsTest.class.getResource("/gpt2/tiny-gpt2vocab/config.json").toURI())
        .getParent();
  }
}
